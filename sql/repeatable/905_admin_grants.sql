-- The admin screens let a municipality's user_plus maintain its own districts and neighbourhoods.

GRANT INSERT, UPDATE ON ref.district, ref.neighbourhood TO diwi_webapp;
