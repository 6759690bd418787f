-- Goals: the web app writes them through the plan.*goal* functions; everyone reads progress only
-- through publication.goal_progress (security definer: it applies the counting rule itself).

-- goal definitions are for the web app; the API reader gets progress through the function
REVOKE ALL ON plan.goal, plan.goal_version, plan.goal_category FROM diwi_reader;

-- helpers that see every houseblock: only through goal_progress (which runs as the owner)
REVOKE ALL ON FUNCTION plan.goal_houseblocks(date, text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION publication.goal_progress(date, uuid[], uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION publication.goal_progress(date, uuid[], uuid[]) TO diwi_webapp, diwi_reader;
