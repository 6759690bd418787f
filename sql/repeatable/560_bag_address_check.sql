-- The BAG address-count check: per project the BAG verblijfsobjecten with woonfunctie inside its
-- plan area by status, against the dwellings DIWI registers as planned and as realised, with the
-- differences flagged and explained in Dutch, and realisation dates proposed from the BAG.
--
-- DIWI's side follows the reference date (plan area, houseblocks and their delivery dates as
-- planned then); the BAG side is the registry as last ingested (the BAG copy keeps no history).
-- Access: the projects come from publication.projects_at, so the viewer of the transaction
-- (plan.set_viewer) sees only the projects the access rule lets them see, and the reader role's
-- row-level security applies on top, as on every other read.
--
-- Query shape (bench/bag_check.py, bench/README.md): one LATERAL aggregate per project, so that the
-- planner runs an index scan of the verblijfsobject GiST index per plan area (a nested loop). As a
-- plain inner join of projects and points it may choose to scan all points and probe the plan
-- areas instead, which measured many times slower.

CREATE FUNCTION publication.bag_ingested_area()
RETURNS TABLE (area geometry, as_of timestamptz) LANGUAGE sql STABLE SECURITY DEFINER ROWS 1
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ST_Union(r.area_geometry), max(r.finished_at)
    FROM ingest.run r
    WHERE r.source = 'bag' AND r.status = 'succeeded'
    HAVING count(*) > 0
$$;
COMMENT ON FUNCTION publication.bag_ingested_area() IS
    'The area (EPSG:28992) covered by succeeded BAG ingest runs and when the last one finished; no row before the first run.';

-- The pand feature ids (UUIDs) of OGC API pand.href links (…/collections/pand/items/{id}), for
-- objects whose pandidentificatie the ingest has not resolved yet.
CREATE FUNCTION publication.bag_href_ids(hrefs text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT regexp_replace(h, '^.*/', '') FROM unnest(hrefs) h)
$$;

CREATE FUNCTION publication.bag_address_counts(reference_date date, project_ids uuid[] DEFAULT NULL,
                                               municipality text DEFAULT NULL)
RETURNS TABLE (
    project_id uuid, name text, municipality_code text, has_plan_area boolean,
    bag_covered boolean, bag_as_of timestamptz,
    bag_formed integer, bag_construction_started integer, bag_in_use_unmeasured integer,
    bag_in_use integer, bag_other integer, bag_other_statuses jsonb,
    planned_construction integer, planned_demolition integer,
    realised_construction integer, realised_demolition integer,
    bag_in_use_first date, bag_in_use_last date,
    delivery_first date, delivery_last date
) LANGUAGE sql STABLE AS $$
    SELECT p.id, p.name, p.municipality_code, p.geometry IS NOT NULL,
           coalesce(ST_Covers((SELECT ia.area FROM publication.bag_ingested_area() ia), p.geometry), false),
           (SELECT ia.as_of FROM publication.bag_ingested_area() ia),
           c.formed, c.started, c.in_use_unmeasured, c.in_use, c.other,
           c.other_statuses,
           p.construction_amount, p.demolition_amount,
           coalesce(r.construction, 0), coalesce(r.demolition, 0),
           c.in_use_first, c.in_use_last, r.delivery_first, r.delivery_last
    FROM publication.projects_at(bag_address_counts.reference_date) p
    LEFT JOIN LATERAL (
        SELECT sum(hb.amount) FILTER (WHERE hb.mutation_kind = 'construction')::integer AS construction,
               sum(hb.amount) FILTER (WHERE hb.mutation_kind = 'demolition')::integer AS demolition,
               min(hb.delivery) AS delivery_first, max(hb.delivery) AS delivery_last
        FROM (SELECT h.mutation_kind, h.amount, coalesce(h.delivery_latest, h.end_date) AS delivery
              FROM publication.houseblocks_at(bag_address_counts.reference_date) h
              WHERE h.project_id = p.id) hb
        WHERE hb.delivery < bag_address_counts.reference_date) r ON true
    -- the points of one plan area: an index scan of bag.verblijfsobject's GiST index per project,
    -- grouped by status first (one hash lookup per point), then pivoted over the few groups
    LEFT JOIN LATERAL (
        SELECT coalesce(sum(g.n - g.started) FILTER (WHERE g.status = 'Verblijfsobject gevormd'), 0)::integer AS formed,
               coalesce(sum(g.started), 0)::integer AS started,
               coalesce(sum(g.n) FILTER (WHERE g.status = 'Verblijfsobject in gebruik (niet ingemeten)'), 0)::integer
                   AS in_use_unmeasured,
               coalesce(sum(g.n) FILTER (WHERE g.status = 'Verblijfsobject in gebruik'), 0)::integer AS in_use,
               coalesce(sum(g.n) FILTER (WHERE NOT g.regular), 0)::integer AS other,
               coalesce(jsonb_object_agg(coalesce(g.status, 'onbekend'), g.n) FILTER (WHERE NOT g.regular), '{}')
                   AS other_statuses,
               min(g.first) FILTER (WHERE g.in_use) AS in_use_first,
               max(g.last) FILTER (WHERE g.in_use) AS in_use_last
        FROM (SELECT v.status, count(*) AS n,
                     coalesce(v.status IN ('Verblijfsobject gevormd', 'Verblijfsobject in gebruik',
                                           'Verblijfsobject in gebruik (niet ingemeten)'), false) AS regular,
                     coalesce(v.status IN ('Verblijfsobject in gebruik',
                                           'Verblijfsobject in gebruik (niet ingemeten)'), false) AS in_use,
                     count(*) FILTER (WHERE v.status = 'Verblijfsobject gevormd' AND (
                         CASE WHEN cardinality(v.pandidentificatie) > 0
                              THEN EXISTS (SELECT 1 FROM bag.pand b
                                           WHERE b.identificatie = ANY (v.pandidentificatie)
                                             AND b.status = 'Bouw gestart')
                              ELSE EXISTS (SELECT 1 FROM bag.pand b
                                           WHERE b.feature_id = ANY (publication.bag_href_ids(v.pand_href))
                                             AND b.status = 'Bouw gestart') END)) AS started,
                     min(v.documentdatum) AS first, max(v.documentdatum) AS last
              FROM bag.verblijfsobject v
              WHERE ST_Intersects(v.geometry, p.geometry) AND v.gebruiksdoel LIKE '%woonfunctie%'
              GROUP BY v.status) g) c ON p.geometry IS NOT NULL
    WHERE (bag_address_counts.project_ids IS NULL OR p.id = ANY (bag_address_counts.project_ids))
      AND (bag_address_counts.municipality IS NULL OR p.municipality_code = bag_address_counts.municipality)
$$;
COMMENT ON FUNCTION publication.bag_address_counts(date, uuid[], text) IS
    'Per project the viewer may see: BAG residential verblijfsobjecten in the plan area by status class, and DIWI''s planned and realised (delivery before the reference date) construction and demolition.';

-- How DIWI's expectation reads in a finding: "DIWI registreert 8 als opgeleverd", or with
-- dwellings still to be demolished "DIWI verwacht er 10 (8 opgeleverd, 2 nog te slopen)".
CREATE FUNCTION publication.bag_check_registered(realised_construction integer, standing integer)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN standing = 0 THEN format('DIWI registreert %s als opgeleverd', realised_construction)
                ELSE format('DIWI verwacht er %s (%s opgeleverd, %s nog te slopen)',
                            realised_construction + standing, realised_construction, standing) END
$$;

-- The findings of one project as a JSON array of {code, message, difference}: what differs and what
-- it may mean. standing = demolition still to come (existing dwellings that still stand); DIWI
-- expects realised construction + standing in use, and at most planned construction + standing
-- BAG addresses. One SQL expression (inlined into the caller, no per-row function call).
CREATE FUNCTION publication.bag_check_findings(has_plan_area boolean, covered boolean, addresses integer,
                                               in_use integer, construction integer,
                                               realised_construction integer, standing integer)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN NOT has_plan_area THEN jsonb_build_array(jsonb_build_object(
            'code', 'no_plan_area', 'message', 'Geen plangebied: niet te controleren.'))
        WHEN NOT covered THEN jsonb_build_array(jsonb_build_object(
            'code', 'no_bag_data',
            'message', 'Het plangebied valt (deels) buiten de ingelezen BAG: niet te controleren.'))
        ELSE to_jsonb(array_remove(ARRAY[
            CASE WHEN in_use > realised_construction + standing THEN jsonb_build_object(
                'code', 'in_use_not_realised', 'difference', in_use - realised_construction - standing,
                'message', format('BAG telt %s woningen in gebruik, %s: %s woningen lijken opgeleverd maar niet als gerealiseerd geregistreerd.',
                                  in_use, publication.bag_check_registered(realised_construction, standing),
                                  in_use - realised_construction - standing)) END,
            CASE WHEN in_use < realised_construction + standing THEN jsonb_build_object(
                'code', 'realised_not_in_use', 'difference', in_use - realised_construction - standing,
                'message', format('BAG telt %s woningen in gebruik, %s: %s woningen staan (nog) niet als in gebruik in de BAG%s.',
                                  in_use, publication.bag_check_registered(realised_construction, standing),
                                  realised_construction + standing - in_use,
                                  CASE WHEN standing > 0 THEN ' of zijn al gesloopt' ELSE '' END)) END,
            CASE WHEN addresses > construction + standing THEN jsonb_build_object(
                'code', 'more_addresses_than_plan', 'difference', addresses - construction - standing,
                'message', format('BAG telt meer adressen dan het plan (%s woonadressen, het plan %s%s): mogelijk bestaande woningen in het plangebied.',
                                  addresses, construction + standing,
                                  CASE WHEN standing > 0 THEN format(' waarvan %s nog te slopen', standing) ELSE '' END)) END
        ], NULL)) END
$$;
COMMENT ON FUNCTION publication.bag_check_findings(boolean, boolean, integer, integer, integer, integer, integer) IS
    'The differences between the BAG counts and DIWI''s registration of one project, as [{code, message, difference}] with Dutch messages.';

CREATE FUNCTION publication.bag_address_check(reference_date date, project_ids uuid[] DEFAULT NULL,
                                              municipality text DEFAULT NULL)
RETURNS TABLE (
    project_id uuid, name text, municipality_code text, has_plan_area boolean,
    bag_covered boolean, bag_as_of timestamptz,
    bag_formed integer, bag_construction_started integer, bag_in_use_unmeasured integer,
    bag_in_use integer, bag_other integer, bag_other_statuses jsonb, bag_residential integer,
    planned_construction integer, planned_demolition integer, planned_net integer,
    realised_construction integer, realised_demolition integer, realised_net integer,
    in_use_expected integer, in_use_difference integer,
    flagged boolean, findings jsonb,
    proposed_realisation_earliest date, proposed_realisation_latest date,
    realised_delivery_first date, realised_delivery_last date
) LANGUAGE sql STABLE AS $$
    SELECT c.project_id, c.name, c.municipality_code, c.has_plan_area,
           c.bag_covered, c.bag_as_of,
           c.bag_formed, c.bag_construction_started, c.bag_in_use_unmeasured, c.bag_in_use, c.bag_other,
           c.bag_other_statuses,
           e.addresses,
           c.planned_construction, c.planned_demolition, c.planned_construction - c.planned_demolition,
           c.realised_construction, c.realised_demolition, c.realised_construction - c.realised_demolition,
           c.realised_construction + e.standing,
           CASE WHEN c.has_plan_area AND c.bag_covered
                THEN c.bag_in_use_unmeasured + c.bag_in_use - c.realised_construction - e.standing END,
           jsonb_array_length(f.findings) > 0, f.findings,
           CASE WHEN c.bag_covered THEN c.bag_in_use_first END,
           CASE WHEN c.bag_covered THEN c.bag_in_use_last END,
           c.delivery_first, c.delivery_last
    -- OFFSET 0: each count is computed once per project, not once per use below
    FROM (SELECT * FROM publication.bag_address_counts(bag_address_check.reference_date,
                                                       bag_address_check.project_ids,
                                                       bag_address_check.municipality) OFFSET 0) c
    CROSS JOIN LATERAL (SELECT greatest(c.planned_demolition - c.realised_demolition, 0) AS standing,
                               c.bag_formed + c.bag_construction_started + c.bag_in_use_unmeasured
                                   + c.bag_in_use AS addresses) e
    CROSS JOIN LATERAL (SELECT publication.bag_check_findings(
        c.has_plan_area, c.bag_covered, e.addresses, c.bag_in_use_unmeasured + c.bag_in_use,
        c.planned_construction, c.realised_construction, e.standing) AS findings OFFSET 0) f
$$;
COMMENT ON FUNCTION publication.bag_address_check(date, uuid[], text) IS
    'The BAG address-count check of the projects the viewer may see (optionally only project_ids / one municipality) at reference_date: BAG counts by status, DIWI''s planned and realised dwellings, differences with Dutch explanations, and the realisation dates the BAG suggests (earliest and latest documentdatum of the verblijfsobjecten in use).';
