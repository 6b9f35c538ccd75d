"""`cppcc-plan batch`: one base year file, a table of units, a folder of documents. Run
through the real entry point and read back from the written files."""

import csv
import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, GONGWEN_CHECK, ROOT, VALIDATE_XSD, DocxReader, cli, shared_tool

COUNTY = EXAMPLES / "county-batch"
BASE = COUNTY / "base.yaml"
UNITS_CSV = COUNTY / "units.csv"
with open(UNITS_CSV, encoding="utf-8", newline="") as _stream:
    UNITS = list(csv.DictReader(_stream))
NAMES = [u["unit.name"] for u in UNITS]
WORDS = {"镇": ("镇党委", "我镇"), "街道": ("街道党工委", "我街")}


def batch(*args: str):
    return cli("batch", *map(str, args))


def docx_names(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("*.docx"))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """The example county rendered once from the CSV; several tests read it."""
    out = tmp_path_factory.mktemp("county")
    result = batch(BASE, UNITS_CSV, "-o", out / "docs", "--report", out / "report.json")
    assert result.exit_code == 0, result.stderr
    return out, result


def test_every_unit_is_written_with_its_own_name_and_words(county):
    out, result = county
    assert len(UNITS) >= 12 and {u["unit.level"] for u in UNITS} == {"镇", "街道"}
    assert docx_names(out / "docs") == sorted(f"{n}-2024年工作计划.docx" for n in NAMES)
    for unit in UNITS:
        texts = DocxReader(out / "docs" / f"{unit['unit.name']}-2024年工作计划.docx").texts()
        assert texts[0] == f"{unit['unit.name']}{unit['unit.body']}2024年工作计划"
        party, self_ref = WORDS[unit["unit.level"]]
        body = "".join(texts)
        assert party in body and self_ref in body
        other_party = WORDS["街道" if unit["unit.level"] == "镇" else "镇"][0]
        assert other_party not in body
        year, month, day = map(int, unit["plan.date"].split("-"))
        assert texts[-2:] == [f"{unit['unit.name']}{unit['unit.body']}",
                              f"{year}年{month}月{day}日"]
    assert f"{len(UNITS)} 个单位：成功 {len(UNITS)} 个" in result.stderr


def test_the_report_says_what_became_of_each_unit(county):
    out, _ = county
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["ok"], report["failed"], report["skipped"]) == (len(UNITS), 0, 0)
    assert [u["unit"] for u in report["units"]] == NAMES
    first = report["units"][0]
    assert first["inputs"] == [str(BASE), f"{UNITS_CSV}:2"]
    assert first["outputs"] == [str(out / "docs" / f"{NAMES[0]}-2024年工作计划.docx")]
    assert first["status"] == "ok" and first["problems"] == []
    assert all(isinstance(u["seconds"], float) and u["seconds"] >= 0 for u in report["units"])


@pytest.mark.parametrize("level", ["镇", "街道"])
def test_batch_documents_pass_the_shared_checkers(county, level):
    out, _ = county
    name = next(u["unit.name"] for u in UNITS if u["unit.level"] == level)
    document = out / "docs" / f"{name}-2024年工作计划.docx"
    schema = shared_tool(VALIDATE_XSD, str(document))
    assert "valid: 0 error(s)" in schema.stdout, schema.stdout + schema.stderr
    gongwen = shared_tool(GONGWEN_CHECK, str(document))
    assert re.search(r"gongwen_check: \d+ passed, 0 failed", gongwen.stdout), gongwen.stdout


def test_the_base_renders_alone(tmp_path):
    result = cli("render", str(BASE), "-o", str(tmp_path / "base.docx"))
    assert result.exit_code == 0, result.stderr
    assert DocxReader(tmp_path / "base.docx").texts()[0] == "官桥镇政协联络组2024年工作计划"


def test_csv_and_workbook_give_identical_documents(county, tmp_path):
    out, _ = county
    result = batch(BASE, COUNTY / "units.xlsx", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert docx_names(tmp_path) == docx_names(out / "docs")
    for name in docx_names(tmp_path):
        assert (tmp_path / name).read_bytes() == (out / "docs" / name).read_bytes(), name


def test_same_inputs_give_the_same_bytes(county, tmp_path):
    out, _ = county
    result = batch(BASE, UNITS_CSV, "-o", tmp_path, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    for name in docx_names(out / "docs"):
        assert (tmp_path / name).read_bytes() == (out / "docs" / name).read_bytes(), name


def test_source_date_epoch_fixes_the_zip_times(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")        # 2023-11-14 22:13:20 UTC
    units = write(tmp_path, "units.csv", "unit.name\n羊庄镇\n")
    assert batch(BASE, units, "-o", tmp_path / "out").exit_code == 0
    with zipfile.ZipFile(tmp_path / "out" / "羊庄镇-2024年工作计划.docx") as archive:
        assert {m.date_time for m in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_shards_cover_every_unit_exactly_once(county, tmp_path):
    out, _ = county
    seen = []
    for k in (1, 2, 3):
        shard = tmp_path / f"shard{k}"
        result = batch(BASE, UNITS_CSV, "-o", shard, "--shard", f"{k}/3",
                       "--report", shard / "report.json")
        assert result.exit_code == 0, result.stderr
        report = json.loads((shard / "report.json").read_text(encoding="utf-8"))
        assert report["shard"] == f"{k}/3"
        assert [u["unit"] for u in report["units"]] == NAMES[k - 1::3]
        seen += docx_names(shard)
    assert sorted(seen) == docx_names(out / "docs")       # each once, none left out
    for name in seen:
        shard = next(p for p in tmp_path.glob(f"shard*/{name}"))
        assert shard.read_bytes() == (out / "docs" / name).read_bytes()


@pytest.mark.parametrize("shard", ["0/3", "4/3", "1", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(tmp_path, shard):
    result = batch(BASE, UNITS_CSV, "-o", tmp_path, "--shard", shard)
    assert result.exit_code == 2 and "应写作 K/N" in result.stderr
    assert not list(tmp_path.iterdir())


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_bad_row_does_not_stop_the_others(tmp_path):
    units = write(tmp_path, "units.csv", "unit.name,unit.level,plan.date\n"
                                         "北辛街道,街道,2024-01-15\n红旗社区,社区,2024-01-15\n"
                                         "羊庄镇,镇,2024/1/18\n东郭镇,镇,\n")
    out = tmp_path / "out"
    result = batch(BASE, units, "-o", out, "--report", tmp_path / "report.json")
    assert result.exit_code == 1
    assert docx_names(out) == ["东郭镇-2024年工作计划.docx", "北辛街道-2024年工作计划.docx"]
    assert f"错误：{units}:3:2: unit.level: 应为以下之一" in result.stderr
    assert f"错误：{units}:4:3: plan.date: 应为日期，写作 2024-01-15，这里写的是 “2024/1/18”（羊庄镇）" \
        in result.stderr
    assert "失败的单位：红旗社区、羊庄镇" in result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [u["status"] for u in report["units"]] == ["ok", "failed", "failed", "ok"]
    [problem] = report["units"][1]["problems"]
    assert problem["file"] == str(units) and (problem["line"], problem["column"]) == (3, 2)
    assert problem["path"] == "unit.level" and problem["message"].startswith("应为以下之一")
    assert report["units"][1]["outputs"] == []


def test_a_unit_that_cannot_be_written_does_not_stop_the_others(tmp_path):
    units = write(tmp_path, "units.csv", "unit.name\n北辛街道\n羊庄镇\n东郭镇\n")
    out = tmp_path / "out"
    (out / "羊庄镇-2024年工作计划.docx").mkdir(parents=True)    # in the way of the document
    result = batch(BASE, units, "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert f"错误：{out / '羊庄镇-2024年工作计划.docx'}: 无法写入" in result.stderr
    assert "失败的单位：羊庄镇" in result.stderr
    assert (out / "北辛街道-2024年工作计划.docx").is_file()
    assert (out / "东郭镇-2024年工作计划.docx").is_file()


def test_fail_fast_renders_nothing_after_a_failure(tmp_path):
    units = write(tmp_path, "units.csv", "unit.name,unit.level\n北辛街道,街道\n红旗社区,社区\n")
    result = batch(BASE, units, "-o", tmp_path / "out", "--fail-fast",
                   "--report", tmp_path / "report.json")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [u["status"] for u in report["units"]] == ["skipped", "failed"]


def test_a_problem_of_the_base_is_reported_once_as_bad_input(tmp_path):
    base = write(tmp_path, "base.yaml", BASE.read_text(encoding="utf-8").replace(
        "在{党委}的坚强领导", "在{党工委}的坚强领导"))
    result = batch(base, UNITS_CSV, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.count("未知的占位符 “{党工委}”") == 1
    assert re.match(rf"错误：{re.escape(str(base))}:\d+:\d+: plan.preamble: ", result.stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("units, expected", [
    ("unit.name\n甲/镇\n甲_镇\n", "与 {units}:2 的单位生成同名文件 “甲_镇-2024年工作计划.docx”"),
    ("unit.name\nAbc镇\nABC镇\n", "与 {units}:2 的单位生成同名文件 “ABC镇-2024年工作计划.docx”"),
])
def test_units_that_would_write_the_same_file_are_refused(tmp_path, units, expected):
    path = write(tmp_path, "units.csv", units)
    result = batch(BASE, path, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert f"错误：{path}:3:1: " + expected.format(units=path) in result.stderr
    assert not (tmp_path / "out").exists()


def test_file_names_are_safe_on_every_system(tmp_path):
    units = write(tmp_path, "units.csv", 'unit.name\n../../上级\n"北辛:街道<1>?"\nCON.镇\n .隐藏镇\n')
    out = tmp_path / "out"
    result = batch(BASE, units, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert docx_names(out) == sorted(["_.._上级-2024年工作计划.docx", "北辛_街道_1__-2024年工作计划.docx",
                                      "_CON.镇-2024年工作计划.docx", "隐藏镇-2024年工作计划.docx"])
    assert [p for p in tmp_path.rglob("*.docx") if p.parent != out] == []


def test_several_kinds_per_unit(tmp_path):
    base = write(tmp_path, "base.yaml", BASE.read_text(encoding="utf-8") + """
keypoints:
  sections:
    - title: 加强学习
      text: 每季度组织委员集中学习一次。
    - title: 服务{全域}发展
      text: 围绕{党委}中心工作开展调研。
  date: 2024-01-22
""")
    units = write(tmp_path, "units.csv", "unit.name,unit.level,unit.body\n"
                                         "北辛街道,街道,政协工作室\n羊庄镇,镇,\n")
    out = tmp_path / "out"
    result = batch(base, units, "-o", out, "--kind", "plan", "--kind", "keypoints")
    assert result.exit_code == 0, result.stderr
    assert docx_names(out) == sorted(f"{u}-2024年{k}.docx" for u in ("北辛街道", "羊庄镇")
                                     for k in ("工作计划", "工作要点"))
    texts = DocxReader(out / "北辛街道-2024年工作要点.docx").texts()
    assert texts[0] == "北辛街道政协工作室2024年工作要点" and "二、服务全街发展" in texts


def test_a_kind_the_base_lacks_is_bad_input(tmp_path):
    result = batch(BASE, UNITS_CSV, "-o", tmp_path / "out", "--kind", "keypoints")
    assert result.exit_code == 2
    assert f"错误：{BASE}: 文件中没有 keypoints（工作要点）部分" in result.stderr


def test_per_unit_yaml_files_merge_and_replace_lists(tmp_path):
    result = batch(BASE, COUNTY / "units", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert docx_names(tmp_path) == ["北辛街道-2024年工作计划.docx", "羊庄镇-2024年工作计划.docx",
                                    "龙泉街道-2024年工作计划.docx"]
    beixin = DocxReader(tmp_path / "北辛街道-2024年工作计划.docx").texts()
    assert "（二）第二季度：围绕老旧小区改造和社区养老服务开展专题调研。" in beixin   # its own list
    assert not any("迎春座谈会" in t for t in beixin)                           # not the base's
    longquan = DocxReader(tmp_path / "龙泉街道-2024年工作计划.docx").texts()
    assert longquan[1].startswith("2024年是龙泉街道政协工作室成立的第五年。在街道党工委的领导")
    assert "四、保障措施" in longquan                                        # base sections kept


def test_yaml_list_of_units(tmp_path):
    units = write(tmp_path, "units.yaml", "- unit: {name: 北辛街道, level: 街道}\n"
                                          "- unit: {name: 羊庄镇}\n  year: 2027\n")
    result = batch(BASE, units, "-o", tmp_path / "out")
    assert result.exit_code == 1            # 2027 does not fit the base's plan.date
    assert docx_names(tmp_path / "out") == ["北辛街道-2024年工作计划.docx"]
    assert "成文日期 2024-01-22 与年度 2027 不符（羊庄镇）" in result.stderr


def test_no_progress_bar_when_not_a_terminal(county):
    _, result = county
    assert "%" not in result.stderr and "[" not in result.stderr


def test_progress_bar_on_a_terminal(tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cppcc_plan", "batch", str(BASE),
                                str(UNITS_CSV), "-o", str(tmp_path)], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:                 # the terminal closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    assert re.search(r"生成 +\[#+\] +100%", shown.decode("utf-8")), shown


def test_never_waits_for_input(tmp_path):
    """In CI stdin is an open pipe nobody writes to: the command must not read it."""
    result = subprocess.run([sys.executable, "-m", "cppcc_plan", "batch", str(BASE),
                             str(UNITS_CSV), "-o", str(tmp_path), "--shard", "1/4"],
                            stdin=subprocess.PIPE, capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(docx_names(tmp_path)) == len(NAMES[::4])


def test_batch_reads_the_base_as_render_does(tmp_path):
    """One load path: the records beside the base and --set reach every unit of a batch, so the
    street summary comes out of batch byte for byte as render writes it."""
    for name in ("street-summary.yaml", "street-summary.records.csv"):
        (tmp_path / name.replace("street-summary", "base")).write_bytes(
            (EXAMPLES / name).read_bytes())
    units = write(tmp_path, "units.csv", "unit.name\n新兴街道\n")
    override = "summary.date=2024-12-25"
    alone = tmp_path / "alone.docx"
    rendered = cli("render", str(tmp_path / "base.yaml"), "-k", "summary", "--set", override,
                   "--set", "unit.name=新兴街道", "-o", str(alone))
    assert rendered.exit_code == 0, rendered.stderr
    result = batch(str(tmp_path / "base.yaml"), str(units), "-o", str(tmp_path / "out"),
                   "-k", "summary", "--set", override, "-j", "1")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "out" / "新兴街道-2024年工作总结.docx"
    assert written.read_bytes() == alone.read_bytes()
    assert "2024年12月25日" in DocxReader(written).texts()


# --- Interrupted, resumed and concurrent batches -------------------------------------------------

def many_units(tmp_path, count: int):
    rows = "".join(f"第{i}{'镇' if i % 2 else '街道'},{'镇' if i % 2 else '街道'}\n"
                   for i in range(1, count + 1))
    return write(tmp_path, f"units-{count}.csv", "unit.name,unit.level\n" + rows)


def processes_writing(out) -> list[int]:
    """Processes whose command line names the output folder: the batch and its workers
    (forked, they keep the parent's command line)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as stream:
                    if str(out).encode() in stream.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                continue                # it ended meanwhile
    return found


def opens_completely(path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return archive.testzip() is None and b"</w:document>" in archive.read("word/document.xml")


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds survivors through /proc")
@pytest.mark.parametrize("signum, moment", [
    (signal.SIGKILL, 0), (signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGKILL, 1),
    (signal.SIGINT, 60), (signal.SIGTERM, 60), (signal.SIGKILL, 60)])
def test_an_interrupted_batch_leaves_only_complete_documents_and_no_worker(tmp_path, signum,
                                                                          moment):
    """Killed when `moment` documents are written (0: as soon as it began): every file in the
    folder opens, none is temporary, no worker is left, and the report is this run's, never
    the previous run's."""
    units, out, report = many_units(tmp_path, 400), tmp_path / "out", tmp_path / "report.json"
    report.write_text(json.dumps({"units_file": "earlier.csv", "ok": 400, "units": []}),
                      encoding="utf-8")                                       # an earlier run's
    process = subprocess.Popen([sys.executable, "-m", "cppcc_plan", "batch", str(BASE),
                                str(units), "-o", str(out), "-j", "2", "--report", str(report)],
                               cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while moment and len(docx_names(out) if out.is_dir() else []) < moment:
        assert process.poll() is None and time.monotonic() < deadline, "finished too soon"
        time.sleep(0.01)
    while not moment and "earlier.csv" in report.read_text(encoding="utf-8"):
        assert process.poll() is None and time.monotonic() < deadline, "finished too soon"
        time.sleep(0.005)           # killed as soon as it has begun: before any document
    process.send_signal(signum)
    status = process.wait(timeout=30)
    stderr = process.stderr.read().decode("utf-8")
    assert status in (-signum, 128 + signum), stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)                     # what outlived the batch would still be running now
    assert processes_writing(out) == []
    files = sorted(out.iterdir()) if out.is_dir() else []
    assert [p.name for p in files if not p.name.endswith(".docx")] in ([], [".cppcc-plan-batch.jsonl"])
    assert all(opens_completely(p) for p in files if p.name.endswith(".docx"))
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["units_file"] == str(units)                           # this run's
    if signum == signal.SIGKILL:                      # as the batch wrote it when it began
        assert (written["finished"], written["ok"], written["units"]) == (False, 0, [])
        return
    assert f"已中断（{signal.Signals(signum).name}）" in stderr
    assert written["finished"] is False and written["interrupted"] == signal.Signals(signum).name
    assert written["ok"] == len(written["units"]) >= moment - 2 * 16     # chunks in flight
    assert all(Path(u["outputs"][0]).is_file() for u in written["units"])


def test_resume_renders_only_missing_and_changed_units(tmp_path):
    units = write(tmp_path, "units.csv", UNITS_CSV.read_text(encoding="utf-8"))
    out, report = tmp_path / "out", tmp_path / "report.json"
    assert batch(BASE, units, "-o", out, "--report", report).exit_code == 0
    first = json.loads(report.read_text(encoding="utf-8"))["units"]
    assert all(len(u["hash"]) == 32 and not u["reused"] for u in first)
    (out / f"{NAMES[0]}-2024年工作计划.docx").unlink()                      # missing
    changed = units.read_text(encoding="utf-8").replace(UNITS[1]["plan.date"], "2024-02-29", 1)
    units.write_text(changed, encoding="utf-8")                             # changed row
    untouched = out / f"{NAMES[2]}-2024年工作计划.docx"
    before = untouched.stat().st_mtime_ns
    result = batch(BASE, units, "-o", out, "--report", report, "--resume")
    assert result.exit_code == 0, result.stderr
    again = json.loads(report.read_text(encoding="utf-8"))["units"]
    assert [u["unit"] for u in again if not u["reused"]] == NAMES[:2]
    assert again[1]["hash"] != first[1]["hash"] and again[2]["hash"] == first[2]["hash"]
    assert untouched.stat().st_mtime_ns == before
    assert "2024年2月29日" in DocxReader(out / f"{NAMES[1]}-2024年工作计划.docx").texts()
    assert f"其中 {len(NAMES) - 2} 个的文件已是最新" in result.stderr
    # the same inputs under --set are other inputs: everything again
    result = batch(BASE, units, "-o", out, "--report", report, "--resume",
                   "--set", "plan.addressee=各委员")
    assert json.loads(report.read_text(encoding="utf-8"))["reused"] == 0


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path):
    units, out = many_units(tmp_path, 200), tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "cppcc_plan", "batch", str(BASE),
                                str(units), "-o", str(out), "-j", "2"], cwd=ROOT,
                               stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".cppcc-plan-batch.jsonl"
    while process.poll() is None and (not journal.exists()
                                      or journal.read_bytes().count(b"\n") < 20):
        time.sleep(0.01)                # killed once the batch has recorded 20 units
    process.kill()
    process.wait(timeout=30)
    done = len(docx_names(out))
    result = batch(BASE, units, "-o", out, "--resume", "--report", tmp_path / "report.json")
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(docx_names(out)) == 200 and report["ok"] == 200
    assert 0 < report["reused"] <= done


def test_a_folder_another_batch_is_writing_is_refused(tmp_path):
    import fcntl
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".cppcc-plan-batch.jsonl", "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)            # as a running batch holds it
        result = batch(BASE, UNITS_CSV, "-o", out)
    assert result.exit_code == 1
    assert f"错误：{out}: 另一个 cppcc-plan batch 正在写这个输出目录" in result.stderr
    assert docx_names(out) == []
    assert batch(BASE, UNITS_CSV, "-o", out).exit_code == 0     # once it has finished


def test_a_unit_that_breaks_the_tool_fails_alone_and_the_report_says_so(tmp_path, monkeypatch):
    """An error of ours (here made on purpose for one unit) fails that unit, not the batch."""
    from cppcc_plan import batch as batches
    real = batches.render_document

    def broken(year_file, *args):
        if year_file.unit.name == "乙镇":
            raise ValueError("坏了")
        return real(year_file, *args)
    monkeypatch.setattr(batches, "render_document", broken)     # the workers are forked
    units = write(tmp_path, "units.csv", "unit.name\n甲镇\n乙镇\n丙镇\n")
    result = batch(BASE, units, "-o", tmp_path / "out", "--report", tmp_path / "report.json")
    assert result.exit_code == 1
    assert docx_names(tmp_path / "out") == ["丙镇-2024年工作计划.docx", "甲镇-2024年工作计划.docx"]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [u["status"] for u in report["units"]] == ["ok", "failed", "ok"]
    [problem] = report["units"][1]["problems"]
    assert (problem["file"], problem["line"]) == (str(units), 3)
    assert problem["message"].startswith("内部错误（ValueError: 坏了）")
    assert report["finished"] is True


def test_the_shards_of_one_table_may_share_a_folder_at_once(tmp_path):
    out = tmp_path / "out"
    processes = [subprocess.Popen([sys.executable, "-m", "cppcc_plan", "batch", str(BASE),
                                   str(UNITS_CSV), "-o", str(out), "--shard", f"{k}/2"],
                                  cwd=ROOT, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for k in (1, 2)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0], [p.stderr.read().decode()
                                                               for p in processes]
    assert docx_names(out) == sorted(f"{n}-2024年工作计划.docx" for n in NAMES)
    assert sorted(p.name for p in out.glob(".*")) == [".cppcc-plan-batch-1of2.jsonl",
                                                       ".cppcc-plan-batch-2of2.jsonl"]
