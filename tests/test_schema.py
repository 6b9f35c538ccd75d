"""The JSON Schema editors read: generated from the model, in Chinese, named on the first line of
every example, and a real check — every example passes it and a wrong file does not."""

import json
import re

import jsonschema
import pytest
import yaml

from conftest import EXAMPLES, cli
from cppcc_plan.model import YearFile

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")
YEAR_FILES = sorted(EXAMPLES.rglob("*.yaml"))
UNIT_FILES = sorted((EXAMPLES / "county-batch" / "units").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


class Yaml12Loader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (1.2 core schema): 2024-01-15 stays text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schema_of(path):
    line = SCHEMA_LINE.match(path.read_text(encoding="utf-8"))
    assert line, f"{path} does not start with the yaml-language-server line"
    schema_path = path.parent / line.group(1)
    assert schema_path.is_file(), schema_path
    return json.loads(schema_path.read_text(encoding="utf-8"))


def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def schema():
    result = cli("schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_committed_schemas_are_the_generated_ones(schema):
    """examples/*.schema.json are written by `cppcc-plan schema`, never by hand."""
    again = ("the model changed: run cppcc-plan schema -o examples/cppcc-plan.schema.json and "
             "cppcc-plan schema --partial -o examples/cppcc-plan.partial.schema.json")
    committed = json.loads((EXAMPLES / "cppcc-plan.schema.json").read_text(encoding="utf-8"))
    assert committed == schema, again
    partial = json.loads(cli("schema", "--partial").stdout)
    assert json.loads((EXAMPLES / "cppcc-plan.partial.schema.json").read_text(
        encoding="utf-8")) == partial, again


def test_schema_follows_the_model(schema):
    assert set(schema["properties"]) == set(YearFile.model_fields)
    unit = schema["$defs"]["Unit"]
    assert unit["title"] == "单位" and unit["properties"]["name"]["title"] == "单位名称"
    assert unit["properties"]["level"]["title"] == "层级"
    assert schema["$defs"]["Level"]["enum"] == ["街道", "镇", "乡", "县", "区", "市"]


def test_every_title_is_chinese(schema):
    titles = [schema["title"]]
    for definition in [schema, *schema["$defs"].values()]:
        titles.append(definition["title"])
        titles += [field["title"] for field in definition.get("properties", {}).values()]
    assert all(CJK.search(title) for title in titles), [t for t in titles if not CJK.search(t)]


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda p: p.name)
def test_every_example_names_its_schema_and_passes_it(path):
    schema = schema_of(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    errors = [e.message for e in validator(schema).iter_errors(data)]
    assert errors == []
    assert (path in UNIT_FILES) == (schema["title"] == "批量生成的单位文件")


@pytest.mark.parametrize("change, where", [
    (lambda d: d["unit"].update(level="社区"), ["unit", "level"]),
    (lambda d: d["plan"].update(preambel="x"), ["plan"]),
    (lambda d: d["unit"].pop("name"), ["unit"]),
    (lambda d: d.update(year="二〇二四"), ["year"]),
    (lambda d: d["plan"]["sections"][0].update(generate="weekly"), ["plan", "sections", 0,
                                                                    "generate"]),
])
def test_a_wrong_file_fails(schema, change, where):
    data = yaml.load((EXAMPLES / "street-plan.yaml").read_text(encoding="utf-8"),
                     Loader=Yaml12Loader)
    change(data)
    errors = list(all_errors(validator(schema).iter_errors(data)))
    assert errors and any(list(e.absolute_path)[:len(where)] == where for e in errors), \
        [(list(e.absolute_path), e.message) for e in errors]


def all_errors(errors):
    """Errors with those inside anyOf branches (plan is a Document or null)."""
    for error in errors:
        yield error
        yield from all_errors(error.context or [])


def test_a_unit_file_needs_nothing_but_what_differs():
    partial = json.loads(cli("schema", "--partial").stdout)
    assert list(validator(partial).iter_errors({"unit": {"name": "羊庄镇"}})) == []
    assert list(validator(partial).iter_errors({"unit": {"level": "社区"}}))


def test_schema_to_a_file(tmp_path):
    out = tmp_path / "s.json"
    assert cli("schema", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "年度文件"
