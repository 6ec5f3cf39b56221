"""Fill the official template with a city's targets and figures so far."""

from __future__ import annotations

from sqlalchemy.orm import Session

from data_model import catalog, queries, targets
from data_model.periods import Quarter
from data_model.regions import Region
from etl.template import build_template


def template_bytes(session: Session, plan_code: str, region: Region, quarter: Quarter) -> bytes:
    """Return the .xlsx template for ``region`` and ``quarter`` with reference columns filled."""
    plan, record = catalog.stored_plan(session, plan_code)
    city_targets = targets.city_targets(session, record.id)
    mine = city_targets[city_targets["region_code"] == region.code]
    values = queries.latest_values(session, record.id)
    before = values[(values["region_code"] == region.code) & (values["period"] < str(quarter))]
    return build_template(
        plan,
        region,
        quarter,
        targets=dict(zip(mine["indicator"], mine["target"], strict=True)),
        cumulative_before=before.groupby("indicator")["value"].sum().to_dict(),
    )
