"""Places: the administrative-division gazetteer (coordinates in WGS-84)."""

from hvdesk.geo.gazetteer import (
    Division,
    Level,
    all_divisions,
    children,
    city_name,
    districts,
    exists,
    full_name,
    lookup,
    province_name,
)

__all__ = [
    "Division",
    "Level",
    "all_divisions",
    "children",
    "city_name",
    "districts",
    "exists",
    "full_name",
    "lookup",
    "province_name",
]
