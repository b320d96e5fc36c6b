"""The organisation chart: CSV import, managers above an employee, the console command."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from loket.core.audit_models import AuditEntry
from loket.core.models import Employee, OrgUnit
from loket.core.orgchart import OrgChartError, import_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked in English here; one test below checks the Dutch ones.
    with translation.override("en"):
        yield


HEADER = "unit_code,unit_name,parent_unit_code,employee_number,employee_name,email,is_manager,username\n"
CHART = (
    HEADER
    + """\
IND,Directorate,,E1,Dirk Director,dirk@example.org,yes,
DEPT,Objections department,IND,E2,Heleen Head,,ja,
TEAM,Objections team 1,DEPT,E3,Tom Teamlead,,1,
TEAM,,,E4,Olga Officer,olga@example.org,,
TEAM,,,E5,Wim Witness,,no,
OTHER,Asylum department,IND,E6,Anna Asylum,,yes,
OTHER,,,E7,Otto Other,,,
"""
)


def snapshot():
    units = sorted(OrgUnit.objects.values_list("code", "name", "parent__code", "manager__number"))
    employees = sorted(Employee.objects.values_list("number", "name", "email", "unit__code", "user__username"))
    return units, employees


def names(employees):
    return [e.name for e in employees]


def test_import_creates_units_managers_and_employees():
    result = import_csv(CHART, actor="test")
    assert (result.units, result.employees) == (4, 7)
    assert snapshot() == (
        [
            ("DEPT", "Objections department", "IND", "E2"),
            ("IND", "Directorate", None, "E1"),
            ("OTHER", "Asylum department", "IND", "E6"),
            ("TEAM", "Objections team 1", "DEPT", "E3"),
        ],
        [
            ("E1", "Dirk Director", "dirk@example.org", "IND", None),
            ("E2", "Heleen Head", "", "DEPT", None),
            ("E3", "Tom Teamlead", "", "TEAM", None),
            ("E4", "Olga Officer", "olga@example.org", "TEAM", None),
            ("E5", "Wim Witness", "", "TEAM", None),
            ("E6", "Anna Asylum", "", "OTHER", None),
            ("E7", "Otto Other", "", "OTHER", None),
        ],
    )
    entry = AuditEntry.objects.get(action="orgchart.imported")
    assert (entry.actor, entry.data) == ("test", {"units": 4, "employees": 7})


def test_managers_above_an_employee_nearest_first():
    import_csv(CHART)
    get = Employee.objects.get
    assert names(get(number="E4").managers_above()) == ["Tom Teamlead", "Heleen Head", "Dirk Director"]
    # A manager's own line starts above their own unit.
    assert names(get(number="E3").managers_above()) == ["Heleen Head", "Dirk Director"]
    assert names(get(number="E7").managers_above()) == ["Anna Asylum", "Dirk Director"]
    assert get(number="E1").managers_above() == []


def test_a_unit_without_a_manager_is_skipped_in_the_line():
    import_csv(HEADER + "IND,Directorate,,E1,Dirk,,yes,\nDEPT,Department,IND,,,,,\nTEAM,Team,DEPT,E2,Olga,,,\n")
    assert names(Employee.objects.get(number="E2").managers_above()) == ["Dirk"]


def test_rows_may_come_in_any_order():
    lines = CHART.splitlines()
    import_csv("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    reversed_result = snapshot()
    OrgUnit.objects.update(manager=None, parent=None)
    Employee.objects.all().delete()
    OrgUnit.objects.all().delete()
    import_csv(CHART)
    assert snapshot() == reversed_result


def test_importing_twice_changes_nothing():
    import_csv(CHART)
    first = snapshot()
    result = import_csv(CHART)
    assert (result.units, result.employees) == (4, 7)
    assert snapshot() == first
    assert OrgUnit.objects.count() == 4 and Employee.objects.count() == 7


def test_a_new_file_moves_people_and_changes_managers():
    import_csv(CHART)
    import_csv(
        HEADER + "TEAM,Objections team 1,DEPT,E4,Olga Officer,,yes,\nTEAM,,,E3,Tom Teamlead,,,\n"
        "OTHER,Asylum department,IND,E5,Wim Witness,,,\n"
    )
    get = Employee.objects.get
    assert OrgUnit.objects.get(code="TEAM").manager.number == "E4"
    assert get(number="E5").unit.code == "OTHER"
    assert names(get(number="E3").managers_above()) == ["Olga Officer", "Heleen Head", "Dirk Director"]


def test_a_parent_may_already_be_in_the_database():
    import_csv(CHART)
    import_csv(HEADER + "TEAM2,Objections team 2,DEPT,E8,Nina New,,,\n")
    assert names(Employee.objects.get(number="E8").managers_above()) == ["Heleen Head", "Dirk Director"]


def test_an_employee_is_linked_to_their_account(make_user):
    user = make_user(username="olga")
    import_csv(HEADER + "TEAM,Team,,E4,Olga Officer,,,olga\n")
    assert Employee.objects.get(number="E4").user == user


def test_an_unknown_account_is_a_warning_not_an_error():
    result = import_csv(HEADER + "TEAM,Team,,E4,Olga Officer,,,nobody\n")
    assert result.warnings == ["line 2: no user nobody; the employee is stored without account"]
    assert Employee.objects.get(number="E4").user is None


@pytest.mark.parametrize(
    "body, errors",
    [
        ("IND,Directorate,,E1,,,,\n", ["line 2: employee E1 has no name"]),
        ("IND,Directorate,,,,,,\n,Nameless unit,,,,,,\n", ["line 3: the unit code is empty"]),
        ("IND,,,E1,Dirk,,,\n", ["line 2: unit IND has no name"]),
        (
            "IND,Directorate,,E1,Dirk,,,\nTEAM,Team,NOPE,E2,Olga,,,\n",
            ["line 3: unit TEAM names an unknown parent unit NOPE"],
        ),
        ("IND,Directorate,,E1,Dirk,,yes,\nIND,,,E2,Dora,,yes,\n", ["line 3: unit IND has two managers"]),
        ("A,Unit A,B,,,,,\nB,Unit B,C,,,,,\nC,Unit C,A,,,,,\n", ["line 2: the units form a cycle: A > B > C > A"]),
        ("A,Unit A,A,,,,,\n", ["line 2: the units form a cycle: A > A"]),
        (
            "IND,Directorate,,E1,Dirk,,,\nIND,,,E1,Dirk Again,,,\n",
            ["line 3: employee E1 appears again (first on line 2)"],
        ),
        ("IND,Directorate,,E1,Dirk,,maybe,\n", ["line 2: is_manager must be yes or no, not “maybe”"]),
        (
            "IND,Directorate,,,,,,\nIND,Board,,,,,,\n",
            ["line 3: unit IND has unit_name “Board” here but “Directorate” on an earlier line"],
        ),
        (
            "IND,Directorate,,E1,,,,\nTEAM,Team,NOPE,E2,Olga,,yes,\nTEAM,,,E3,Tom,,yes,\n",
            [
                "line 2: employee E1 has no name",
                "line 3: unit TEAM names an unknown parent unit NOPE",
                "line 4: unit TEAM has two managers",
            ],
        ),
    ],
)
def test_bad_rows_are_reported_by_line_and_nothing_is_stored(body, errors):
    with pytest.raises(OrgChartError) as caught:
        import_csv(HEADER + body)
    assert caught.value.errors == errors
    assert not OrgUnit.objects.exists() and not Employee.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_messages_are_in_the_users_language():
    with translation.override("nl"), pytest.raises(OrgChartError) as caught:
        import_csv(HEADER + "IND,Directorate,,E1,,,,\nIND,,,E2,Dora,,ja,\nIND,,,E3,Dirk,,ja,\n")
    assert caught.value.errors == [
        "regel 2: medewerker E1 heeft geen naam",
        "regel 4: eenheid IND heeft twee leidinggevenden",
    ]


def test_a_cycle_through_units_already_stored_is_refused_and_nothing_changes():
    import_csv(CHART)
    before = snapshot()
    with pytest.raises(OrgChartError) as caught:
        import_csv(HEADER + "IND,Directorate,TEAM,,,,,\n")
    assert caught.value.errors == ["line 2: the units form a cycle: IND > TEAM > DEPT > IND"]
    assert snapshot() == before


def test_one_account_for_two_employees_is_refused(make_user):
    make_user(username="olga")
    with pytest.raises(OrgChartError) as caught:
        import_csv(HEADER + "TEAM,Team,,E4,Olga,,,olga\nTEAM,,,E5,Other Olga,,,olga\n")
    assert caught.value.errors == ["line 3: user olga is already given to employee E4"]
    assert not Employee.objects.exists()


def test_a_file_without_the_unit_columns_is_refused():
    with pytest.raises(OrgChartError) as caught:
        import_csv("code,name\nIND,Directorate\n")
    assert caught.value.errors == ["The file lacks the columns: unit_code, unit_name."]


def test_the_console_command_imports_a_file(tmp_path, capsys):
    path = tmp_path / "chart.csv"
    path.write_text("\ufeff" + CHART, encoding="utf-8")  # as spreadsheets save it, with a BOM
    call_command("orgchart", "import", str(path))
    assert "4 units, 7 employees" in capsys.readouterr().out
    assert Employee.objects.count() == 7


def test_the_console_command_lists_bad_rows_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "chart.csv"
    path.write_text(HEADER + "IND,Directorate,,E1,,,,\nTEAM,Team,NOPE,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("orgchart", "import", str(path))
    err = capsys.readouterr().err
    assert "line 2: employee E1 has no name" in err
    assert "line 3: unit TEAM names an unknown parent unit NOPE" in err
    assert not OrgUnit.objects.exists()


def test_the_console_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("orgchart", "import", str(tmp_path / "missing.csv"))
