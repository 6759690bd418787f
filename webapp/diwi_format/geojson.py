"""DIWI's GeoJSON import template: the property tree of one feature (one project)."""

CRS_RD = "EPSG:28992"
# crs.properties.name values meaning RD New, and those meaning longitude/latitude (WGS84)
RD_NAMES = (
    "EPSG:28992",
    "urn:ogc:def:crs:EPSG::28992",
    "http://www.opengis.net/def/crs/EPSG/0/28992",
)
LONLAT_NAMES = (
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "CRS84",
    "OGC:CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
)

# properties.projectgegevens.<group>.<key>
PROJECT = "projectgegevens"
BASIC = "basisgegevens"  # identificatie_nr, naam, (ours) diwi_id
DETAILS = "projectgegevens"  # plan_soort, in_programmering, prioritering, rol_gemeente, status,
#                              eigenaar, vertrouwelijkheid
ROLES = "rollen"  # custom project category property name -> option label
DURATION = "projectduur"  # start_project, eind_project
PHASES = "projectfasen"  # _1_CONCEPT ... (DIWI enum) or Dutch label -> date
PLANNING_STATUSES = "planologische_planstatus"  # _4A_... or Dutch label -> date
LOCATION = "locatie"  # gemeente, wijk, buurt
PROJECT_PROPERTIES = "maatwerk_projecteigenschappen"  # custom project property name -> value
DIWI_ID = "diwi_id"  # our project GUID: in basisgegevens (contract) or at projectgegevens level

HOUSEBLOCKS = "woning_blokken"
# per houseblock: name (DIWI's export: naam), diwi_id, mutatiegegevens{mutatie_type, aantal,
# eigendom_type, woning_type}, einddatum, waarde{laag, hoog, categorie} or (DIWI's export) a list
# [{laag, hoog, waarde, eigendom_type, categorie, aantal}], fysiek_voorkomen[{fysiek_voorkomen,
# aantal}], doelgroep[{doelgroep_categorie, aantal}], grondpositie{GEEN_..., INTENTIE_...,
# FORMELE_...}, maatwerk_woningeigenschappen{name: value}
# Our round-trip additions per houseblock (DIWI ignores unknown keys):
HOUSEBLOCK_EXTRA = (
    "startdatum",  # houseblock start (default: project start)
    "vroegste_opleverdatum",  # delivery_earliest (default: einddatum)
    "in_programmering",  # per block (DIWI's export writes it here)
    "woning_type",  # {eengezinswoning, meergezinswoning, onbekend} counts (DIWI's export)
    "eigendom",  # [{eigendom_type, aantal, waarde|laag+hoog|categorie}] full ownership lines
    "grootte",  # {laag, hoog} or {waarde} m2
)
