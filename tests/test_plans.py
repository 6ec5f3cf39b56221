"""The plan as data: the shipped plan's 26 targets, and a second plan that needs only a file."""

from pathlib import Path

import pytest
from loader_files import csv_bytes

from data_model.plan_catalog import PlanFileError, load_plan_file, parse_plan

PLAN_FILE = Path(__file__).parent.parent / "data_model" / "plans" / "qianqi-2020-2022.yaml"
SECOND_PLAN = Path(__file__).parent / "data" / "second-plan.yaml"


def test_the_plan_holds_every_quantitative_target():
    plan = load_plan_file(PLAN_FILE)
    assert (plan.start.isoformat(), plan.end.isoformat(), len(plan.quarters)) == (
        "2020-01-01",
        "2022-12-31",
        12,
    )
    assert len(plan.indicators) == 26
    targets = {i.code: i.target for i in plan.indicators}
    assert targets["cloud_star_firms"] == 3000
    assert targets["talent_trained"] == 30000
    assert targets["pool_firms"] == 10000
    assert targets["provincial_giants"] == 1000
    assert targets["national_giants"] == 100
    assert targets["energy_saving_capacity"] == 200
    assert sum(targets.values()) == 57692
    groups = [i.group for i in plan.indicators]
    assert {g: groups.count(g) for g in dict.fromkeys(groups)} == {
        "innovation": 3,
        "technology": 5,
        "informatization": 6,
        "green": 4,
        "management": 2,
        "cultivation": 3,
        "carriers": 3,
    }
    assert {i.unit for i in plan.indicators} == {"家", "项", "个", "万吨标准煤", "人"}
    assert [i.code for i in plan.indicators if not i.is_count] == ["energy_saving_capacity"]
    assert [m.name for m in plan.milestones] == ["争创国家级制造业创新中心", "安全升级"]
    assert all(i.clause for i in plan.indicators)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: x\n", "计划文件缺少字段"),
        (": : :", "不是有效的 YAML"),
        (
            PLAN_FILE.read_text(encoding="utf-8").replace("target: 500\n", "target: -5\n", 1),
            "目标值应为正数",
        ),
        (
            PLAN_FILE.read_text(encoding="utf-8").replace("group: technology", "group: nowhere", 1),
            "未在 groups 中定义",
        ),
    ],
)
def test_a_broken_plan_file_is_refused_with_a_reason(text, message):
    with pytest.raises(PlanFileError, match=message):
        parse_plan(text)


def test_a_second_plan_needs_a_file_not_code(make_app, db, tmp_path):
    app = make_app(db, PLAN_CODE="test-successor-2023-2025")
    runner = app.server.test_cli_runner()
    assert runner.invoke(args=["load-plan", str(SECOND_PLAN)]).exit_code == 0
    data = tmp_path / "2023.csv"
    data.write_bytes(
        csv_bytes(
            [
                ["南京市", "2023年第二季度", "national_giants", 30],
                ["苏州市", "2023Q2", "新增节能能力", "2.5"],
            ]
        )
    )
    loaded = runner.invoke(args=["load", str(data)])
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(args=["export", "progress", "--period", "2023Q2", "--format", "csv"])
    lines = result.output.strip().splitlines()
    assert lines[1].startswith(
        "national_giants,新增国家级专精特新小巨人企业,家,江苏省,320000,2023Q2,600.0,30.0,30.0,0.05,0.166667,"
    )
    assert lines[2].startswith(
        "energy_saving_capacity,新增节能能力,万吨标准煤,江苏省,320000,2023Q2,150.0,2.5,2.5,0.016667,0.166667,"
    )
    # The first plan is untouched and still there: its quarters are refused for this plan.
    wrong = runner.invoke(args=["export", "progress", "--period", "2021Q3"])
    assert wrong.exit_code == 2
