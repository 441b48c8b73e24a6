"""`lokaalwerk screening-encode` and `screening-link`: good lists, and bad input refused."""

import json

import pytest
from django.core.management import CommandError, call_command

from lokaalwerk.screening import synthetic

SECRET = "partners-only secret, long enough\n"


@pytest.fixture
def files(tmp_path, two_lists):
    list_a, list_b, truth = two_lists
    secret = tmp_path / "secret"
    secret.write_text(SECRET)
    (tmp_path / "a.csv").write_text(synthetic.as_csv(list_a), encoding="utf-8")
    (tmp_path / "b.csv").write_text(synthetic.as_csv(list_b), encoding="utf-8")
    return tmp_path, truth


def _encode(folder, name, key_file="secret"):
    out = folder / f"{name}.json"
    call_command(
        "screening-encode",
        str(folder / f"{name}.csv"),
        secret_file=str(folder / key_file),
        out=str(out),
    )
    return out


def test_encoded_lists_link_offline_and_hold_no_raw_identifier(files, two_lists, capsys):
    folder, truth = files
    path_a, path_b = _encode(folder, "a"), _encode(folder, "b")
    text = path_a.read_text()
    for person in two_lists[0]:
        assert person.record_id in text
        assert person.last_name not in text.split('"')
        assert not person.insz or person.insz not in text
        assert person.birth_date.isoformat() not in text
    capsys.readouterr()
    call_command("screening-link", str(path_a), str(path_b))
    matches = json.loads(capsys.readouterr().out)["matches"]
    assert {(a, b) for a, b, _ in matches} == set(truth.items())
    assert all(0.87 <= score <= 1 for _, _, score in matches)


def test_lists_encoded_with_different_secrets_are_refused(files):
    folder, _ = files
    (folder / "other").write_text("another secret of the same length!")
    path_a, path_b = _encode(folder, "a"), _encode(folder, "b", key_file="other")
    with pytest.raises(CommandError, match="different secrets"):
        call_command("screening-link", str(path_a), str(path_b))


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        (
            "record_id,first_name,last_name,birth_date\n1,Jan,Peeters,2008-01-02\n",
            "lacks the column\\(s\\): insz",
        ),
        (
            "record_id,insz,first_name,last_name,birth_date\n1,,Jan,Peeters,2008-01-02\n"
            "2,,Els,Maes,02/03/2008\n",
            "Row 3: birth_date '02/03/2008' is not a date",
        ),
        (
            "record_id,insz,first_name,last_name,birth_date\n1,08010212345,Jan,Peeters,2008-01-02\n",
            "Row 2: the national register number is not valid",
        ),
        (
            "record_id,insz,first_name,last_name,birth_date\n1,,Jan,Peeters,2008-01-02\n"
            "1,,Els,Maes,2008-03-02\n",
            "Row 3: record_id '1' occurs twice",
        ),
        ("record_id,insz,first_name,last_name,birth_date\n", "holds no records"),
    ],
)
def test_bad_lists_are_refused_with_the_row_and_nothing_is_written(tmp_path, csv_text, message):
    (tmp_path / "secret").write_text(SECRET)
    (tmp_path / "list.csv").write_text(csv_text)
    with pytest.raises(CommandError, match=message):
        call_command(
            "screening-encode",
            str(tmp_path / "list.csv"),
            secret_file=str(tmp_path / "secret"),
            out=str(tmp_path / "out.json"),
        )
    assert not (tmp_path / "out.json").exists()


def test_a_register_number_valid_for_a_birth_after_2000_is_accepted(tmp_path):
    number = synthetic.national_number(__import__("datetime").date(2008, 1, 2), 123)
    (tmp_path / "secret").write_text(SECRET)
    (tmp_path / "list.csv").write_text(
        "record_id;insz;first_name;last_name;birth_date\n"
        f"x1;{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]};Jan;Peeters;2008-01-02\n"
    )
    call_command(
        "screening-encode",
        str(tmp_path / "list.csv"),
        secret_file=str(tmp_path / "secret"),
        out=str(tmp_path / "out.json"),
    )
    record = json.loads((tmp_path / "out.json").read_text())["records"][0]
    assert len(record["insz"]) == 64


def test_a_short_secret_or_a_missing_file_is_refused(tmp_path):
    (tmp_path / "secret").write_text("short")
    (tmp_path / "list.csv").write_text("record_id,insz,first_name,last_name,birth_date\n")
    with pytest.raises(CommandError, match="at least 16"):
        call_command(
            "screening-encode",
            str(tmp_path / "list.csv"),
            secret_file=str(tmp_path / "secret"),
            out=str(tmp_path / "out.json"),
        )
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("screening-link", str(tmp_path / "nope.json"), str(tmp_path / "nope.json"))


def test_a_file_that_is_not_a_token_file_is_refused(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps({"records": [{"name": "Jan"}]}))
    with pytest.raises(CommandError, match="not a screening token file"):
        call_command("screening-link", str(tmp_path / "list.json"), str(tmp_path / "list.json"))
