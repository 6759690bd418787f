"""The dashboard filter form: query parameters <-> the `filters` JSON of publication.dashboard."""

from datetime import date

from werkzeug.datastructures import MultiDict

# query parameter (the /projecten vocabulary) -> key of the filters JSON (a list of codes)
LIST_PARAMS = {
    "fase": "phases",
    "wijk": "district_codes",
    "buurt": "neighbourhood_codes",
    "plantype": "plan_types",
    "eigenaar": "owner_group_ids",
    "project": "project_ids",
}
HARD_SOFT = ("hard", "soft")
BOOLEANS = {"ja": True, "nee": False}
BOOLEAN_WORDS = {True: "ja", False: "nee"}


def parse_date(value: str | None) -> date | None:
    """An ISO date, or None when empty or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def reference_date_of(args: MultiDict) -> date:
    """The chosen peildatum, today when absent or malformed."""
    return parse_date(args.get("peildatum")) or date.today()


def filters_of(args: MultiDict) -> dict:
    """The filters JSON of the form's query parameters (empty choices left out)."""
    filters: dict = {}
    for param, key in LIST_PARAMS.items():
        values = [v for v in args.getlist(param) if v]
        if values:
            filters[key] = values
    status = [v for v in args.getlist("planstatus") if v]
    if len(status) == 1 and status[0] in HARD_SOFT:
        filters["planning_status"] = status[0]
    elif status:
        filters["planning_status"] = [s for s in status if s not in HARD_SOFT]
    custom = custom_filter(args.getlist("plusveld"))
    if custom:
        filters["custom"] = custom
    return filters


def custom_filter(values: list[str]) -> dict:
    """{property id: [values]} of 'plusveld=<property id>:<option id | ja | nee>' parameters."""
    custom: dict[str, list] = {}
    for value in values:
        prop, _, chosen = value.partition(":")
        if prop and chosen:
            custom.setdefault(prop, []).append(BOOLEANS.get(chosen, chosen))
    return custom


def args_of(reference_date: date, filters: dict) -> list[tuple[str, str]]:
    """Query parameters that reproduce a reference date and filters (for CSV links)."""
    args = [("peildatum", reference_date.isoformat())]
    for param, key in LIST_PARAMS.items():
        args += [(param, str(v)) for v in filters.get(key, [])]
    status = filters.get("planning_status")
    if isinstance(status, str):
        args.append(("planstatus", status))
    elif status:
        args += [("planstatus", s) for s in status]
    for prop, chosen in filters.get("custom", {}).items():
        values = chosen if isinstance(chosen, list) else [chosen]
        args += [("plusveld", f"{prop}:{BOOLEAN_WORDS.get(v, v)}") for v in values]
    return args


def merged(page_filters: dict, fixed: dict) -> dict:
    """A composed component's filters: its fixed filters override the page's choice."""
    result = dict(page_filters)
    result.update({key: value for key, value in fixed.items() if value})
    return result


def options_of(args: MultiDict) -> dict:
    """Component options from query parameters: groep (hard_soft), van/tot (years)."""
    options: dict = {}
    if args.get("groep") == "hard_soft":
        options["group"] = "hard_soft"
    for param, key in (("van", "from"), ("tot", "to")):
        value = args.get(param, "")
        if value.isdigit():
            options[key] = int(value)
    return options


def option_args(options: dict) -> list[tuple[str, str]]:
    """Query parameters of component options (the reverse of options_of)."""
    args = []
    if options.get("group") == "hard_soft":
        args.append(("groep", "hard_soft"))
    args += [(p, str(options[k])) for p, k in (("van", "from"), ("tot", "to")) if options.get(k)]
    return args
