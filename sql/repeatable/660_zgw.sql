-- ZGW: match a zaak to a project (stored link, BRK parcels, area) and set milestones as the system user.

-- The project a zaak belongs to: its stored link, else a project whose current plan-area parcels
-- include one of the zaak's kadastrale aanduidingen (['APD01', 'K', '1201'], ...), else the project
-- whose current plan area overlaps the zaakgeometrie (GeoJSON in EPSG:4326) the most.
CREATE OR REPLACE FUNCTION plan.zgw_match(municipality text, zaak_url text, parcels text[],
                                          zaak_geometry jsonb)
RETURNS TABLE (project_id uuid, matched_by text, reason text) LANGUAGE plpgsql STABLE AS $$
DECLARE
    found_id uuid;
    area geometry;
BEGIN
    SELECT l.project_id INTO found_id FROM plan.zgw_zaak_link l
    JOIN plan.project p ON p.id = l.project_id AND p.removed_at IS NULL
    WHERE l.zaak_url = zgw_match.zaak_url AND l.municipality_code = municipality;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'link', NULL::text; RETURN; END IF;

    SELECT v.project_id INTO found_id
    FROM plan.project_version_at(current_date) v
    JOIN plan.project p ON p.id = v.project_id AND p.municipality_code = municipality
    JOIN plan.project_parcel pp ON pp.project_version_id = v.id
    WHERE pp.cadastral_municipality_code || ' ' || pp.section || ' ' || pp.parcel_number
          = ANY (coalesce(parcels, '{}'))
    GROUP BY v.project_id ORDER BY count(*) DESC, v.project_id LIMIT 1;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'parcels', NULL::text; RETURN; END IF;

    IF zaak_geometry IS NULL OR jsonb_typeof(zaak_geometry) <> 'object' THEN
        RETURN QUERY SELECT NULL::uuid, NULL::text,
            'geen koppeling, geen bekend perceel en geen zaakgeometrie'::text;
        RETURN;
    END IF;
    area := ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(zaak_geometry::text), 4326), 28992);
    SELECT v.project_id INTO found_id
    FROM plan.project_version_at(current_date) v
    JOIN plan.project p ON p.id = v.project_id AND p.municipality_code = municipality
    WHERE v.plan_area IS NOT NULL AND ST_Intersects(v.plan_area, area)
    ORDER BY ST_Area(ST_Intersection(v.plan_area, area)) DESC, v.project_id LIMIT 1;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'area', NULL::text; RETURN; END IF;
    RETURN QUERY SELECT NULL::uuid, NULL::text,
        'geen koppeling, geen bekend perceel en de zaakgeometrie overlapt geen plangebied'::text;
END $$;
COMMENT ON FUNCTION plan.zgw_match(text, text, text[], jsonb) IS
    'The project of a zaak: stored link, else BRK parcels ("AKR01 K 1201"), else the largest plan-area overlap (GeoJSON 4326); NULL with a Dutch reason when none.';

-- Give the project's milestone with this description (case-insensitive) a date and status through
-- plan.set_milestone, or add it through plan.add_milestone; as the ZGW system user, so history shows
-- "Zaaksysteem (ZGW)". Returns what changed (NULL when nothing did).
CREATE OR REPLACE FUNCTION plan.zgw_set_milestone(project uuid, milestone_description text,
                                                  new_status text, on_date date)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    actor uuid := (SELECT id FROM auth.app_user WHERE fs_uniquifier = 'system-zgw');
    cur record;
BEGIN
    SELECT m.id, mv.date, mv.status INTO cur
    FROM plan.milestone m JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
    WHERE m.project_id = project AND lower(mv.description) = lower(milestone_description)
    ORDER BY m.id LIMIT 1;
    IF NOT FOUND THEN
        PERFORM plan.add_milestone(project, on_date, new_status, milestone_description, actor);
        RETURN jsonb_build_object('description', milestone_description, 'action', 'added',
                                  'date', on_date, 'status', new_status);
    END IF;
    IF (cur.date, cur.status) = (on_date, new_status) THEN RETURN NULL; END IF;
    PERFORM plan.set_milestone(cur.id, on_date, new_status, NULL, actor);
    RETURN jsonb_build_object('description', milestone_description, 'action', 'changed',
                              'old_date', cur.date, 'old_status', cur.status,
                              'date', on_date, 'status', new_status);
END $$;
COMMENT ON FUNCTION plan.zgw_set_milestone(uuid, text, text, date) IS
    'Set (or add) the project milestone with this description as the ZGW system user; returns the change or NULL.';
