"""Reading DIWI's GeoJSON template (a FeatureCollection, one feature per project)."""

import json
from collections.abc import Callable

from webapp.diwi_format import geojson as fmt
from webapp.imports import cells
from webapp.imports import fields as fld
from webapp.imports.cells import CellError
from webapp.imports.context import Context
from webapp.imports.issues import ImportFailed
from webapp.imports.issues import Issue
from webapp.imports.model import HouseblockIn
from webapp.imports.model import OwnershipLine
from webapp.imports.model import ProjectIn
from webapp.imports.model import Where

ARROW = " -> "
OWNERSHIP_BY_PRICE_KIND = {"owner_occupied": "purchase"}
PROPERTY_CODES = {
    fmt.ROLES: ("unknown_project_category_property", True),
    fmt.PROJECT_PROPERTIES: ("unknown_project_property", False),
}


class BadStructure(Exception):
    """A feature is not shaped like DIWI's template."""


def load_collection(data: bytes, max_features: int) -> tuple[list, int | None]:
    """The features and declared SRID (None: not declared) of a GeoJSON FeatureCollection."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ImportFailed([Issue("io_error", detail="geen geldige JSON")]) from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ImportFailed([Issue("io_error", detail="geen GeoJSON FeatureCollection")])
    features = doc.get("features")
    if not isinstance(features, list):
        raise ImportFailed([Issue("io_error", detail="features ontbreekt")])
    if len(features) > max_features:
        raise ImportFailed([Issue("too_many_rows", value=str(max_features))])
    return features, declared_srid(doc.get("crs"))


def declared_srid(crs: object) -> int | None:
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if name in fmt.RD_NAMES:
        return 28992
    if name in fmt.LONLAT_NAMES:
        return 4326
    raise ImportFailed([Issue("feature_error", property_name="crs", value=str(name)[:100])])


RULE_PATHS = {
    "owner": "projectgegevens -> eigenaar",
    "end_date": "projectduur -> eind_project",
    "project_status": "projectgegevens -> status",
    "phases": "projectfasen",
    "planning_statuses": "planologische_planstatus",
    "neighbourhood": "locatie -> buurt",
    "district": "locatie -> wijk",
    "municipal_id": "basisgegevens -> identificatie_nr",
    "amount": "mutatiegegevens -> aantal",
    "delivery": "einddatum",
    "owner_occupied": "mutatiegegevens -> eigendom_type",
    "purchase_category": "waarde",
    "owner_occupied_price": "waarde",
    "private_rental_price": "waarde",
    "social_rental_price": "waarde",
    "house_type": "mutatiegegevens -> woning_type",
    "physical_appearance": "fysiek_voorkomen",
    "target_group": "doelgroep",
    "ground_position": "grondpositie",
}


def locate(where: Where, what: str, kind: str | None = None) -> dict:
    """Issue arguments of a rule field: the feature number and property path."""
    path = RULE_PATHS.get(what, what)
    if where.path:
        path = f"{where.path}{ARROW}{path}"
    return {"feature": where.feature, "property_name": path}


def read_geojson(
    data: bytes, ctx: Context, max_rows: int
) -> tuple[list[ProjectIn], list[Issue], Callable]:
    """Projects of a GeoJSON file and every error found."""
    features, srid = load_collection(data, max_rows)
    projects, issues = [], []
    for number, feature in enumerate(features, start=1):
        reader = FeatureReader(ctx, number, issues)
        try:
            project = reader.project(feature, srid)
        except (BadStructure, KeyError, TypeError, AttributeError, ValueError) as exc:
            issues.append(Issue("feature_error", feature=number, detail=str(exc)[:200]))
            continue
        projects.append(project)
    return projects, issues, locate


def guess_srid(geometry: dict) -> int:
    """No crs member: longitude/latitude when the first coordinate looks like one, else RD."""
    coords = geometry.get("coordinates")
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if (
        isinstance(coords, list)
        and len(coords) >= 2
        and all(isinstance(c, int | float) for c in coords[:2])
    ):
        return 4326 if abs(coords[0]) <= 180 and abs(coords[1]) <= 90 else 28992
    return 28992


def obj(value: object, path: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadStructure(f"{path}: geen object")
    return value


def first(value: object) -> object:
    """DIWI's export writes some single values as lists."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


class FeatureReader:
    """Reads one feature; type errors are collected with their property path."""

    def __init__(self, ctx: Context, number: int, issues: list[Issue]) -> None:
        self.ctx = ctx
        self.number = number
        self.issues = issues
        self.identification: str | None = None

    def issue(self, code: str, path: str, value: object = None, **kw) -> None:
        self.issues.append(
            Issue(
                code,
                feature=self.number,
                property_name=path,
                identification=self.identification,
                value=None if value is None else str(value)[:200],
                **kw,
            )
        )

    def get(self, group: dict, key: str, path: str, reader: Callable) -> object:
        try:
            return reader(group.get(key))
        except CellError as err:
            self.issue(err.code, f"{path}{ARROW}{key}", err.value, **err.extra)
            return None

    def need(self, group: dict, key: str, path: str, reader: Callable, code: str) -> object:
        value = self.get(group, key, path, reader)
        if value is None and cells.empty(group.get(key)):
            self.issue(code, f"{path}{ARROW}{key}")
        return value

    def project(self, feature: dict, srid: int | None) -> ProjectIn:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BadStructure("geen Feature")
        props = obj(feature.get("properties"), "properties")
        pg = obj(props.get(fmt.PROJECT), fmt.PROJECT)
        basic = obj(pg.get(fmt.BASIC), fmt.BASIC)
        self.identification = self.get(basic, "identificatie_nr", fmt.BASIC, cells.text)
        guid = basic.get(fmt.DIWI_ID) or pg.get(fmt.DIWI_ID)
        project = ProjectIn(
            where=Where(feature=self.number),
            municipal_id=self.identification,
            guid=str(guid) if guid else None,
            name=self.need(basic, "naam", fmt.BASIC, cells.text, "no_project_name"),
        )
        if not project.municipal_id and not project.guid:
            self.issue("feature_error", f"{fmt.BASIC}{ARROW}identificatie_nr")
        self.details(project, obj(pg.get(fmt.DETAILS), fmt.DETAILS))
        self.duration(project, pg)
        self.location(project, obj(pg.get(fmt.LOCATION), fmt.LOCATION))
        for group in (fmt.ROLES, fmt.PROJECT_PROPERTIES):
            self.custom(project, obj(pg.get(group), group), group, "project")
        self.geometry(project, feature.get("geometry"), srid)
        blocks = props.get(fmt.HOUSEBLOCKS) or []
        if not isinstance(blocks, list):
            raise BadStructure(f"{fmt.HOUSEBLOCKS}: geen lijst")
        for index, block in enumerate(blocks, start=1):
            project.houseblocks.append(self.houseblock(project, obj(block, "blok"), index))
        return project

    def details(self, project: ProjectIn, d: dict) -> None:
        ctx, path = self.ctx, fmt.DETAILS
        project.plan_types = (
            self.get(d, "plan_soort", path, lambda v: fld.coded_list(ctx, "plan_type", v)) or []
        )
        project.programming = self.get(d, "in_programmering", path, cells.boolean)
        project.priority = self.get(
            d, "prioritering", path, lambda v: fld.coded(ctx, "priority", first(v))
        )
        project.municipality_roles = (
            self.get(d, "rol_gemeente", path, lambda v: fld.coded_list(ctx, "municipality_role", v))
            or []
        )
        project.status = self.need(
            d, "status", path, lambda v: fld.coded(ctx, "project_status", v), "no_project_status"
        )
        owners = d.get("eigenaar")
        project.owners = (
            [str(o) for o in owners]
            if isinstance(owners, list)
            else fld.split(self.get(d, "eigenaar", path, cells.text))
        )
        project.colour = self.get(d, "kleur", path, cells.text)
        project.confidentiality = self.need(
            d,
            "vertrouwelijkheid",
            path,
            lambda v: fld.coded(ctx, "confidentiality", v),
            "no_project_confidentiality",
        )

    def duration(self, project: ProjectIn, pg: dict) -> None:
        duur = obj(pg.get(fmt.DURATION), fmt.DURATION)
        project.start_date = self.need(
            duur, "start_project", fmt.DURATION, cells.day, "no_project_start_date"
        )
        project.end_date = self.need(
            duur, "eind_project", fmt.DURATION, cells.day, "no_project_end_date"
        )
        for group, kind, target in (
            (fmt.PHASES, "phase", project.phases),
            (fmt.PLANNING_STATUSES, "planning_status", project.planning_statuses),
        ):
            for key, value in obj(pg.get(group), group).items():
                code = self.ctx.code(kind, key)
                if code is None:
                    self.issue("unknown_property_value", f"{group}{ARROW}{key}", key)
                    continue
                found = self.get({key: value}, key, group, cells.day)
                if found:
                    target[code] = found

    def location(self, project: ProjectIn, loc: dict) -> None:
        ctx, path = self.ctx, fmt.LOCATION
        name = first(loc.get("gemeente"))
        if name and fld.normalised(name) not in ctx.municipality_names:
            self.issue("unknown_property_value", f"{path}{ARROW}gemeente", name)
        project.municipality = ctx.municipality_code if name else None
        for attr, codes_key, names_key, lookup in (
            ("districts", "wijkcodes", "wijk", ctx.districts),
            ("neighbourhoods", "buurtcodes", "buurt", ctx.neighbourhoods),
        ):
            found = self.get(loc, codes_key, path, lambda v, lk=lookup: fld.area_codes(lk, v or []))
            found = found or self.get(
                loc, names_key, path, lambda v, lk=lookup: fld.area_codes(lk, v)
            )
            setattr(project, attr, found or [])

    def custom(self, target, values: dict, group: str, object_type: str) -> None:
        code, category_only = PROPERTY_CODES.get(group, ("unknown_houseblock_property", False))
        for name in values:
            prop = self.ctx.prop(object_type, name)
            if prop is None or (category_only and prop["value_type"] != "category"):
                self.issue(
                    code,
                    f"{group}{ARROW}{name}",
                    name,
                    create={"object_type": object_type, "name": name},
                )
                continue
            if isinstance(target, ProjectIn):
                target.custom_columns.add(prop["id"])
            found = self.get(values, name, group, lambda v, p=prop: fld.custom_value(p, v))
            if found is not None:
                target.custom_values[prop["id"]] = found

    def geometry(self, project: ProjectIn, geometry: object, srid: int | None) -> None:
        if geometry is None:
            return
        geometry = obj(geometry, "geometry")
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise BadStructure("geometry: geen (Multi)Polygon")
        if not geometry.get("coordinates"):
            return  # the template's empty polygon
        project.plan_area = geometry
        project.plan_area_srid = srid or guess_srid(geometry)

    def houseblock(self, project: ProjectIn, b: dict, index: int) -> HouseblockIn:
        path = f"{fmt.HOUSEBLOCKS}[{index}]"
        mut = obj(b.get("mutatiegegevens"), "mutatiegegevens")
        mpath = f"{path}{ARROW}mutatiegegevens"
        kind = self.need(
            mut,
            "mutatie_type",
            mpath,
            lambda v: fld.coded(self.ctx, "mutation_kind", v),
            "feature_error",
        )
        amount = self.get(mut, "aantal", mpath, cells.count)
        name = self.get(b, "name", path, cells.text) or self.get(b, "naam", path, cells.text)
        if not name:
            self.issue("feature_error", f"{path}{ARROW}name")
        block = HouseblockIn(
            where=Where(feature=self.number, path=path),
            mutation_kind=kind or "construction",
            amount=amount,
            name=name or f"Blok {index}",
            guid=b.get(fmt.DIWI_ID),
            programming=self.get(b, "in_programmering", path, cells.boolean),
            start_date=self.get(b, "startdatum", path, cells.day),
            delivery_earliest=self.get(b, "vroegste_opleverdatum", path, cells.day),
        )
        if block.programming is None:
            block.programming = project.programming
        end = self.get(b, "einddatum", path, cells.day)
        if end and amount:
            block.deliveries.append((end, amount))
        block.end_date = self.get(b, "einddatum_woningblok", path, cells.day) or end
        block.lenient = isinstance(b.get("eigendom"), list) or bool(block.guid)
        self.block_types(block, b, mut, path)
        self.breakdowns(block, b, path)
        self.custom(
            block,
            obj(b.get("maatwerk_woningeigenschappen"), "maatwerk"),
            "maatwerk_woningeigenschappen",
            "houseblock",
        )
        return block

    def block_types(self, block: HouseblockIn, b: dict, mut: dict, path: str) -> None:
        """Ownership and house type: DIWI's whole-block types, or our per-count lists."""
        ctx, amount = self.ctx, block.amount or 0
        mpath = f"{path}{ARROW}mutatiegegevens"
        ownership = self.get(
            mut, "eigendom_type", mpath, lambda v: fld.coded(ctx, "ownership_type", v)
        )
        house_type = self.get(mut, "woning_type", mpath, lambda v: fld.coded(ctx, "house_type", v))
        if house_type:
            block.breakdown["house_type"] = {house_type: amount}
        waarde = b.get("waarde")
        if isinstance(waarde, dict) and ownership:
            block.ownership_counts[ownership] = amount
            block.lines.append(
                self.price_line(waarde, ownership, amount, f"{path}{ARROW}waarde", block)
            )
        elif ownership:
            block.ownership_counts[ownership] = amount
        for key in ("eigendom", "waarde"):
            if isinstance(b.get(key), list):
                self.ownership_list(block, b[key], f"{path}{ARROW}{key}")
        known = sum(block.ownership_counts.values())
        if known and known < amount and "ownership_unknown" not in block.ownership_counts:
            block.ownership_counts["ownership_unknown"] = amount - known  # lines need not cover all
        types = b.get("woning_type")
        if isinstance(types, dict):
            counts = {
                k: self.get(types, k, f"{path}{ARROW}woning_type", cells.count) or 0 for k in types
            }
            block.breakdown["house_type"] = {
                code: n for k, n in counts.items() if (code := ctx.code("house_type", k)) and n
            }
            block.house_type_unknown = counts.get("onbekend", 0)
        size = obj(b.get("grootte") if isinstance(b.get("grootte"), dict) else None, "grootte")
        low = size.get("laag", size.get("waarde"))
        if low is not None:
            high = size.get("hoog") or low
            block.size_m2 = self.get(
                {"grootte": f"{low}-{high}"}, "grootte", path, cells.size_range
            )

    def ownership_list(self, block: HouseblockIn, items: list, path: str) -> None:
        for index, item in enumerate(items, start=1):
            item = obj(item, path)
            ipath = f"{path}[{index}]"
            ownership = self.get(
                item, "eigendom_type", ipath, lambda v: fld.coded(self.ctx, "ownership_type", v)
            )
            amount = self.get(item, "aantal", ipath, cells.count) or 0
            if not ownership:
                continue
            block.ownership_counts[ownership] = block.ownership_counts.get(ownership, 0) + amount
            block.lines.append(self.price_line(item, ownership, amount, ipath, block))

    def price_line(
        self, w: dict, ownership: str, amount: int, path: str, block: HouseblockIn
    ) -> OwnershipLine:
        line = OwnershipLine(ownership, amount)
        price_kind = OWNERSHIP_BY_PRICE_KIND.get(ownership, "rent")
        category = w.get("categorie")
        if category and category != "name":  # the template's placeholder
            line.price_kind = "category"
            line.price_category_id = self.ctx.price(price_kind, category)
            if line.price_category_id is None:
                code = (
                    "unknown_price_buy_range_category"
                    if price_kind == "purchase"
                    else "unknown_price_rent_range_category"
                )
                self.issue(code, f"{path}{ARROW}categorie", category)
        low = w.get("laag", w.get("waarde"))
        high = w.get("hoog", low)
        if low is not None:
            if line.price_kind == "category":
                block.multiple_price_kinds = True
                return line
            text = f"{low}-{high if high is not None else 'Inf'}"
            found = self.get({"waarde": text}, "waarde", path, cells.euro_range)
            if found:
                line.price_kind = "value"
                line.price_cents, line.price_range_cents = (
                    (found[0], None) if found[0] == found[1] else (None, found)
                )
        return line

    def breakdowns(self, block: HouseblockIn, b: dict, path: str) -> None:
        for key, item_key, prop in (
            ("fysiek_voorkomen", "fysiek_voorkomen", "physical_appearance"),
            ("doelgroep", "doelgroep_categorie", "target_group"),
        ):
            for index, item in enumerate(b.get(key) or [], start=1):
                item = obj(item, key)
                ipath = f"{path}{ARROW}{key}[{index}]"
                code = self.get(item, item_key, ipath, lambda v, p=prop: fld.coded(self.ctx, p, v))
                n = self.get(item, "aantal", ipath, cells.count) or 0
                if code:
                    counts = block.breakdown.setdefault(prop, {})
                    counts[code] = counts.get(code, 0) + n
        ground = obj(b.get("grondpositie"), "grondpositie")
        counts = {}
        for key in ground:
            code = self.ctx.code("ground_position", key)
            n = self.get(ground, key, f"{path}{ARROW}grondpositie", cells.count)
            if code is None:
                self.issue("unknown_property_value", f"{path}{ARROW}grondpositie{ARROW}{key}", key)
            elif n is not None:
                counts[code] = n
        if counts:
            block.breakdown["ground_position"] = counts
