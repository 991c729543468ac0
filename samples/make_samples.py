#!/usr/bin/env python3
"""Write meibo's bundled sample files (all data made up; no real people).

One made-up company appears in every file: the same departments and the same employees, each in
the layout, encoding and quirks of the system that exports it. samples/README.md lists the files
and the outcome meibo is expected to report for each of them.

Usage:  python3 samples/make_samples.py        (needs Python 3.11+ and openpyxl)

The output is deterministic: running the script twice writes byte-identical files (the XLSX is
re-zipped with fixed timestamps). It is committed for reference; CI does not run it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# The company
# --------------------------------------------------------------------------------------------

# Departments as the HR systems hold them. code None = exported without a code.
HR_DEPARTMENTS = [
    # key,    code,   name,         parent key
    ("A001", "A001", "営業部", None),
    ("A002", "A002", "開発部", None),
    ("A003", "A003", "人事部", None),
    ("A011", "A011", "第一営業課", "A001"),
    ("A012", "A012", "第二営業課", "A001"),
    ("A013", "A013", "第三営業課", "A001"),  # new: not in ミキワメ yet → create
    ("SUPPORT", None, "サポート部", None),  # no code → department-missing-code
]
DEPT = {key: (code, name, parent) for key, code, name, parent in HR_DEPARTMENTS}

# Departments ミキワメ currently holds (A013 and サポート部 missing, A090 only here).
MIKIWAME_DEPARTMENTS = [
    ("A001", "営業部", ""),
    ("A002", "開発部", ""),
    ("A003", "人事部", ""),
    ("A011", "第一営業課", "A001"),
    ("A012", "第二営業課", "A001"),
    ("A090", "総務部", ""),  # in no HR export → target-only
]


def dept_path(key: str | None) -> list[str]:
    """Department names from the root down to the department itself."""
    path: list[str] = []
    while key is not None:
        _, name, parent = DEPT[key]
        path.insert(0, name)
        key = parent
    return path


@dataclass
class Person:
    number: str  # 社員番号
    family: str  # legal name (kanji)
    given: str
    kana_family: str  # canonical reading: full-width katakana
    kana_given: str
    email: str
    birth: dt.date
    gender: str  # 男性 / 女性
    dept: str | None  # key into DEPT
    position: str  # 役職
    employment: str  # regular | dispatch | part | other
    hired: dt.date
    retired: dt.date | None = None
    # business name (family, given, kana family, kana given), for systems that carry one
    business: tuple[str, str, str, str] | None = None
    # how the reading is written in the HR exports, when not as canonical katakana
    kana_written: tuple[str, str] | None = None
    on_leave: bool = False  # 休職 (still employed, not retired)
    # per-system overrides: {"kaonavi": {"氏名": "...", "入社日": "..."}, ...}
    quirks: dict[str, dict[str, str]] = field(default_factory=dict)


D = dt.date

# Everyone in the HR exports, in file order (same order, hence same row numbers, everywhere).
PEOPLE = [
    # --- people ミキワメ already holds (see MIKIWAME_EMPLOYEES) ---
    Person("1001", "山本", "翔太", "ヤマモト", "ショウタ", "shota.yamamoto@example.co.jp",
           D(1990, 7, 15), "男性", "A011", "主任", "regular", D(2015, 4, 1),
           quirks={"hrbrain": {"入社日": "2015-4-1"},
                   "kaonavi": {"入社日": "平成27年4月1日"}}),
    Person("1002", "中村", "大輔", "ナカムラ", "ダイスケ", "daisuke.nakamura@example.co.jp",
           D(1987, 11, 3), "男性", "A012", "係長", "regular", D(2018, 10, 1)),
    Person("1003", "伊藤", "美咲", "イトウ", "ミサキ", "ito.misaki@example.co.jp",
           D(1993, 2, 28), "女性", "A002", "", "regular", D(2016, 4, 1)),
    Person("1004", "小林", "誠", "コバヤシ", "マコト", "makoto.kobayashi@example.co.jp",
           D(1980, 9, 9), "男性", "A003", "部長", "regular", D(2008, 4, 1),
           retired=D(2024, 3, 31),
           quirks={"kaonavi": {"生年月日": "昭和55年9月9日"}}),
    Person("1005", "鈴木", "一郎", "スズキ", "イチロウ", "ichiro.suzuki@example.co.jp",
           D(1985, 1, 20), "男性", "A002", "課長", "regular", D(2012, 4, 1),
           kana_written=("ｽｽﾞｷ", "ｲﾁﾛｳ")),
    # --- new people (created in ミキワメ) ---
    Person("1006", "高橋", "みゆき", "タカハシ", "ミユキ", "miyuki.takahashi@example.co.jp",
           D(1996, 12, 5), "女性", "A002", "", "regular", D(2019, 4, 1),
           kana_written=("たかはし", "みゆき"), on_leave=True,
           quirks={"kaonavi": {"氏名": "高橋\u3000みゆき", "フリガナ": "たかはし\u3000みゆき"},
                   "smarthr": {"役職1": "#N/A"}}),
    Person("1007", "松本", "拓也", "マツモト", "タクヤ", "takuya.matsumoto@example.co.jp",
           D(1994, 8, 22), "男性", "A013", "", "regular", D(2020, 4, 1),
           quirks={"kaonavi": {"入社日": "令和2年4月1日"}}),
    # --- ミキワメ holds him too ---
    Person("1008", "髙﨑", "健", "タカサキ", "ケン", "ken.takasaki@example.co.jp",
           D(1991, 6, 30), "男性", "A012", "①チームリーダー", "regular", D(2015, 4, 1),
           quirks={"kaonavi": {"社員番号": "１００８", "氏名": "髙﨑\u3000健",
                               "フリガナ": "タカサキ\u3000ケン", "入社日": "H27.4.1"},
                   "roumumate": {"入社日": "20150401"}}),
    # --- new people (created in ミキワメ) ---
    Person("1009", "山田", "花子", "ヤマダ", "ハナコ", "hanako.sato@example.co.jp",
           D(1989, 4, 18), "女性", "A003", "主任", "regular", D(2013, 4, 1),
           business=("佐藤", "花子", "サトウ", "ハナコ"),
           # kaonavi has no business-name field: the company keeps the name she works under
           quirks={"kaonavi": {"氏名": "佐藤 花子", "フリガナ": "サトウ ハナコ"}}),
    Person("1010", "井上", "陽菜", "イノウエ", "ハルナ", "haruna.inoue@example.co.jp",
           D(2003, 10, 10), "女性", "A002", "", "other", D(2024, 10, 1)),
    Person("1011", "木村", "彩", "キムラ", "アヤ", "aya.kimura@example.co.jp",
           D(1998, 3, 3), "女性", "A011", "", "part", D(2021, 7, 1),
           quirks={"kaonavi": {"氏名": "木村彩", "フリガナ": "キムラアヤ"}}),
    # --- the guide's example (「HRBrain連携手順書」/「カオナビ連携手順書」, 手順3 注意事項4), e-mails exactly as there ---
    Person("1101", "ミキワメ", "太郎", "ミキワメ", "タロウ", "001@aaa.com",
           D(1988, 4, 12), "男性", "A001", "", "regular", D(2012, 4, 1)),
    Person("1102", "ミキワメ", "次郎", "ミキワメ", "ジロウ", "002@aaa.com",
           D(1990, 9, 27), "男性", None, "", "dispatch", D(2022, 6, 1)),
    Person("1103", "ミキワメ", "三郎", "ミキワメ", "サブロウ", "003@aaa.com",
           D(1991, 3, 8), "男性", "SUPPORT", "", "regular", D(2017, 4, 1)),
    Person("1104", "", "", "ミキワメ", "シロウ", "004@aaa.com",
           D(1992, 11, 19), "男性", "A002", "", "regular", D(2018, 4, 1)),
    Person("1105", "ミキワメ", "五郎", "", "", "005@aaa.com",
           D(1994, 5, 2), "男性", "A003", "", "regular", D(2019, 4, 1)),
    Person("1106", "ミキワメ", "六郎", "ミキワメ", "ロクロウ", "",
           D(1995, 7, 30), "男性", "A003", "", "regular", D(2020, 4, 1)),
    Person("1107", "ミキワメ", "七郎", "ミキワメ", "ナナロウ", "007@aaa.com",
           D(1996, 1, 14), "男性", "A003", "", "regular", D(2021, 4, 1)),
    Person("1108", "ミキワメ", "八郎", "ミキワメ", "ハチロウ", "007@aaa.com",
           D(1997, 10, 6), "男性", "A003", "", "regular", D(2022, 4, 1)),
]

# ミキワメ's current employees. Differences from the HR data are deliberate (see README).
MIKIWAME_EMPLOYEES = [
    # 社員番号, 姓, 名, 姓カナ, 名カナ, e-mail, 生年月日, 性別, 所属部署, 役職, 雇用形態, 入社日, 退職日, 退職者フラグ
    ("1001", "山本", "翔太", "ヤマモト", "ショウタ", "shota.yamamoto@example.co.jp",
     "1990/07/15", "男性", "A011", "主任", "正社員", "2015/04/01", "", "0"),  # unchanged
    ("1002", "中村", "大輔", "ナカムラ", "ダイスケ", "daisuke.nakamura@example.co.jp",
     "1987/11/03", "男性", "A011", "主任", "契約社員", "2018/10/01", "", "0"),  # updated
    ("1003", "伊藤", "美咲", "イトウ", "ミサキ", "Ito.Misaki@Example.co.jp",
     "1993/02/28", "女性", "A002", "", "正社員", "2016/04/01", "", "0"),  # e-mail case only
    ("1004", "小林", "誠", "コバヤシ", "マコト", "makoto.kobayashi@example.co.jp",
     "1980/09/09", "男性", "A003", "部長", "正社員", "2008/04/01", "", "0"),  # retired in HR
    ("1005", "鈴木", "一郎", "スズキ", "イチロウ", "ichiro.suzuki@example.co.jp",
     "1985/01/20", "男性", "A002", "課長", "正社員", "2012/04/01", "", "0"),  # kana normalised
    ("1008", "髙﨑", "健", "タカサキ", "ケン", "ken.takasaki@example.co.jp",
     "1991/06/30", "男性", "A012", "①チームリーダー", "正社員", "2015/04/01", "", "0"),
    ("1012", "渡辺", "直樹", "ワタナベ", "ナオキ", "naoki.watanabe@example.co.jp",
     "1975/03/14", "男性", "A090", "部長", "正社員", "2000/04/01", "", "0"),  # target-only
]

# ロウムメイト only: people who are not (yet) employees anywhere else.
ROUMUMATE_EXTRA = [
    # 社員番号, 姓, 名, 姓ヨミ, 名ヨミ, e-mail, 生年月日, 性別, 入社日, 従業員ステータス, 状況, 雇用形態
    ("", "清水", "蓮", "シミズ", "レン", "ren.shimizu@example.com",
     "2001-05-20", "男性", "", "応募者", "データ入力完了", "正社員"),
    ("1013", "森", "悠斗", "モリ", "ユウト", "yuto.mori@example.co.jp",
     "2002-08-08", "男性", "2025-04-01", "在籍", "入力中", "正社員"),
]

EMPLOYMENT = {  # canonical → each system's own value
    "hrbrain": {"regular": "正社員", "dispatch": "派遣", "part": "パートタイム", "other": "インターン"},
    "kaonavi": {"regular": "正社員", "dispatch": "派遣社員", "part": "アルバイト・パート", "other": "嘱託"},
    "smarthr": {"regular": "正社員", "dispatch": "派遣社員", "part": "パート・アルバイト", "other": "嘱託"},
    "roumumate": {"regular": "正社員", "dispatch": "派遣社員", "part": "パート", "other": "嘱託"},
}

# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

# Windows (and so Excel) writes the IBM extension characters (髙 﨑 …) as FA40–FC4B, while
# Python's cp932 codec picks the NEC-selected duplicates ED40–EEFC. Both decode to the same
# characters; the kaonavi files use the Windows bytes, the ロウムメイト file Python's.
_IBM_EXT: dict[str, bytes] = {}
for _lead in (0xFA, 0xFB, 0xFC):
    for _trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
        try:
            _ch = bytes([_lead, _trail]).decode("cp932")
        except UnicodeDecodeError:
            continue
        _IBM_EXT.setdefault(_ch, bytes([_lead, _trail]))


def encode_cp932_windows(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        b = ch.encode("cp932")  # strict: every character must exist in CP932
        if len(b) == 2 and 0xED <= b[0] <= 0xEE and ch in _IBM_EXT:
            b = _IBM_EXT[ch]
        out += b
    return bytes(out)


WRITTEN: list[Path] = []


def write_table(rel: str, header: list[str], rows: list[list[str]], *, encoding: str,
                bom: bool = False, delimiter: str = ",", newline: str = "\r\n") -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        assert len(row) == len(header), (rel, row)
        writer.writerow(row)
    text = buf.getvalue()
    if encoding == "utf-8":
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    elif encoding == "cp932":
        data = text.encode("cp932")
    elif encoding == "cp932-windows":
        data = encode_cp932_windows(text)
    else:
        raise ValueError(encoding)
    path = SAMPLES / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    WRITTEN.append(path)


def ymd(d: dt.date | None, fmt: str = "%Y/%m/%d") -> str:
    return d.strftime(fmt) if d else ""


def q(p: Person, system: str, column: str, default: str) -> str:
    return p.quirks.get(system, {}).get(column, default)


def kana_written(p: Person) -> tuple[str, str]:
    return p.kana_written or (p.kana_family, p.kana_given)


# --------------------------------------------------------------------------------------------
# ミキワメ (the receiving system's current export, and its personality results)
# --------------------------------------------------------------------------------------------

MIKIWAME_EMPLOYEE_HEADER = ["社員番号", "氏名（姓）", "氏名（名）", "姓（カナ）", "名（カナ）", "メールアドレス",
                            "生年月日", "性別", "所属部署", "役職", "雇用形態", "入社日", "退職日", "退職者フラグ"]


def write_mikiwame() -> None:
    write_table("mikiwame/departments.csv", ["部署コード", "部署名", "親部署コード"],
                [list(r) for r in MIKIWAME_DEPARTMENTS], encoding="utf-8", bom=True)
    write_table("mikiwame/employees.csv", MIKIWAME_EMPLOYEE_HEADER,
                [list(r) for r in MIKIWAME_EMPLOYEES], encoding="utf-8", bom=True)


SCALES = ["傾聴傾向", "主張傾向", "関係維持傾向", "問題解決志向", "感情配慮志向", "無私性", "楽観性", "独立性",
          "妥協力", "批判性", "客観視傾向", "気分転換傾向", "協力要請傾向", "状況受容傾向", "感情抑制傾向", "新奇性",
          "自己効力感", "やりきる力", "ポジティブシンキング", "重要な他者", "積極性", "社交性"]

RESULTS = [
    # 社員番号, 氏名, メールアドレス, 受検日, 16タイプ, examinee id, {scale: override}
    ("1001", "山本 翔太", "shota.yamamoto@example.co.jp", "2023/04/10", "プロモーター（推進者）", "40101", {}),
    ("1001", "山本 翔太", "shota.yamamoto@example.co.jp", "2024/04/12", "プロモーター（推進者）", "40102", {}),
    ("1002", "中村 大輔", "daisuke.nakamura@example.co.jp", "2024/05/08", "ブレイン（参謀）", "40201", {}),
    ("1002", "中村 大輔", "daisuke.nakamura@example.co.jp", "2022/11/01", "アナライザー（分析者）", "40202", {}),
    ("1003", "伊藤 美咲", "Ito.Misaki@Example.co.jp", "2024/01/15", "コントリビューター（貢献者）", "40301", {}),
    ("1008", "髙﨑 健", "ken.takasaki@example.co.jp", "2024/06/03", "コントリビューター（貢献者）", "40801", {}),
    ("1008", "髙﨑 健", "ken.takasaki@example.co.jp", "2024/06/03", "ブレイン（参謀）", "40802", {}),
    # 10001 is a typo for 1001: name and e-mail fit 山本 翔太, the number fits nobody
    ("10001", "山本 翔太", "shota.yamamoto@example.co.jp", "2024/07/01", "プロモーター（推進者）", "49901", {}),
    ("", "伊藤 美咲", "Ito.Misaki@Example.co.jp", "2023/03/20", "アナライザー（分析者）", "49902", {}),
    ("1004", "小林 誠", "makoto.kobayashi@example.co.jp", "2024/13/45", "ブレイン（参謀）", "49903", {}),
    ("1005", "鈴木 一郎", "ichiro.suzuki@example.co.jp", "2023/09/01", "アナライザー（分析者）", "49904",
     {"楽観性": "N/A"}),
]


def score(examinee: str, scale: str) -> str:
    h = int(hashlib.sha256(f"{examinee}/{scale}".encode()).hexdigest(), 16)
    return f"{30 + (h % 400) / 10:.1f}"  # 30.0 … 69.9


def write_results() -> None:
    header = ["社員番号", "氏名", "メールアドレス", "受検日", "16タイプ", "受検者詳細URL"] + SCALES
    rows = []
    for number, name, email, date, kind, examinee, override in RESULTS:
        url = f"https://mikiwame.example.com/examinees/{examinee}"
        rows.append([number, name, email, date, kind, url]
                    + [override.get(s, score(examinee, s)) for s in SCALES])
    write_table("mikiwame/results.csv", header, rows, encoding="utf-8", bom=True)


# --------------------------------------------------------------------------------------------
# HRBrain
# --------------------------------------------------------------------------------------------

def write_hrbrain() -> None:
    order = ["A001", "A011", "A012", "A013", "A002", "A003", "SUPPORT"]  # tree order
    rows = []
    for key in order:
        code, name, parent = DEPT[key]
        rows.append([name, code or "", DEPT[parent][1] if parent else ""])
    write_table("hrbrain/departments.csv", ["部署項目名", "組織情報コード", "1階層上位の部署"], rows,
                encoding="utf-8", bom=False, newline="\n")

    header = ["従業員番号", "氏", "名", "氏（カナ）", "名（カナ）", "ビジネスネーム（氏）", "ビジネスネーム（名）",
              "ビジネスネーム（氏カナ）", "ビジネスネーム（名カナ）",
              "メールアドレス ",  # stray trailing space, as a hand-edited export has
              "生年月日", "性別", "入社日", "在籍状況", "雇用形態", "主部署", "役職・職位"]
    rows = []
    for p in PEOPLE:
        kf, kg = kana_written(p)
        b = p.business or ("", "", "", "")
        rows.append([
            p.number, p.family, p.given, kf, kg, *b, p.email,
            q(p, "hrbrain", "生年月日", ymd(p.birth)), p.gender,
            q(p, "hrbrain", "入社日", ymd(p.hired)),
            "退職済み" if p.retired else "在籍中",
            EMPLOYMENT["hrbrain"][p.employment],
            DEPT[p.dept][1] if p.dept else "", p.position,
        ])
    write_table("hrbrain/employees.csv", header, rows, encoding="utf-8", bom=True)


# --------------------------------------------------------------------------------------------
# kaonavi
# --------------------------------------------------------------------------------------------

def write_kaonavi() -> None:
    order = ["A001", "A002", "A003", "A011", "A012", "A013", "SUPPORT"]
    rows = [[DEPT[k][0] or "", DEPT[k][1], DEPT[k][2] or ""] for k in order]
    write_table("kaonavi/departments.csv", ["所属コード", "所属名", "上位所属コード"], rows,
                encoding="cp932-windows")

    # The 所属ツリー CSV as 所属ツリー管理 → CSVダウンロード writes it: one 所属 a row, a
    # 所属●コード / 所属名● pair per level from the root (support.kaonavi.jp/setup-setting/step02/).
    tree_order = ["A001", "A011", "A012", "A013", "A002", "A003", "SUPPORT"]
    levels = 2
    rows = []
    for key in tree_order:
        chain = []
        k = key
        while k is not None:
            chain.insert(0, k)
            parent = DEPT[k][2]
            k = next((x for x in DEPT if DEPT[x][0] == parent), None) if parent else None
        cells = []
        for k in chain:
            cells += [DEPT[k][0] or "", DEPT[k][1]]
        rows.append(cells + [""] * (2 * levels - len(cells)))
    header = [h for n in range(1, levels + 1) for h in (f"所属{n}コード", f"所属名{n}")]
    write_table("kaonavi/departments_tree.csv", header, rows, encoding="cp932-windows")

    header = ["社員番号", "氏名", "フリガナ", "メールアドレス", "生年月日", "性別", "入社日", "退職日",
              "所属", "役職", "雇用形態"]
    rows = []
    for p in PEOPLE:
        kf, kg = kana_written(p)
        name = " ".join(x for x in (p.family, p.given) if x)
        kana = " ".join(x for x in (kf, kg) if x)
        rows.append([
            q(p, "kaonavi", "社員番号", p.number),
            q(p, "kaonavi", "氏名", name),
            q(p, "kaonavi", "フリガナ", kana),
            p.email,
            q(p, "kaonavi", "生年月日", ymd(p.birth)), p.gender,
            q(p, "kaonavi", "入社日", ymd(p.hired)),
            ymd(p.retired),
            " > ".join(dept_path(p.dept)),
            p.position,
            EMPLOYMENT["kaonavi"][p.employment],
        ])
    write_table("kaonavi/members.csv", header, rows, encoding="cp932-windows")


# --------------------------------------------------------------------------------------------
# SmartHR
# --------------------------------------------------------------------------------------------

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)


_INLINE_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<style> s="[0-9]+")? t="inlineStr">'
    r"<is><t(?: [^>]*)?>(?P<text>.*?)</t></is></c>", re.S)
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def to_shared_strings(sheet_xml: str) -> tuple[str, str]:
    """openpyxl writes inline strings; Excel and SmartHR write a shared-string table. Convert."""
    table: dict[str, int] = {}
    count = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        index = table.setdefault(m["text"], len(table))
        return f'<c r="{m["ref"]}"{m["style"] or ""} t="s"><v>{index}</v></c>'

    sheet_xml = _INLINE_CELL.sub(replace, sheet_xml)
    assert "inlineStr" not in sheet_xml
    items = "".join(
        f'<si><t xml:space="preserve">{text}</t></si>' if text != text.strip() else f"<si><t>{text}</t></si>"
        for text in table)
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{count}" uniqueCount="{len(table)}">{items}</sst>')
    return sheet_xml, sst


def deterministic_xlsx(wb: openpyxl.Workbook, path: Path) -> None:
    """Save wb with a shared-string table and fixed document-property and zip-entry timestamps."""
    wb.properties.creator = "meibo samples"
    wb.properties.lastModifiedBy = "meibo samples"
    wb.properties.created = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)  # openpyxl stamps dcterms:modified with the current time; fixed below
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(raw) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    assert len(wb.worksheets) == 1
    sheet, sst = to_shared_strings(parts["xl/worksheets/sheet1.xml"].decode("utf-8"))
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    parts["xl/sharedStrings.xml"] = sst.encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}" /></Types>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml" Id="rIdSharedStrings" />'
        "</Relationships>".encode())
    parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                        rb"\g<1>" + stamp.encode() + rb"\g<2>", parts["docProps/core.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        # [Content_Types].xml first, as Excel writes it
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, parts[name])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    WRITTEN.append(path)


def write_smarthr() -> None:
    # a new department first: its parent comes later in the file
    order = ["A013", "A001", "A002", "A003", "A011", "A012", "SUPPORT"]
    rows = []
    for key in order:
        code, name, parent = DEPT[key]
        rows.append([code or "", name, DEPT[parent][0] if parent else ""])
    write_table("smarthr/departments.csv", ["部署コード", "部署名", "親部署コード"], rows,
                encoding="utf-8", bom=True)

    order = ["A001", "A011", "A012", "A013", "A002", "A003", "SUPPORT"]
    rows = []
    for key in order:
        path = dept_path(key)
        rows.append([DEPT[key][0] or ""] + path + [""] * (10 - len(path)))
    write_table("smarthr/departments_levels.csv", ["code"] + [f"level{i}" for i in range(1, 11)], rows,
                encoding="utf-8", bom=False)

    header = ["社員番号", "姓", "名", "姓（ヨミガナ）", "名（ヨミガナ）", "ビジネスネーム：姓", "ビジネスネーム：名",
              "ビジネスネーム：姓（ヨミガナ）", "ビジネスネーム：名（ヨミガナ）", "メールアドレス", "生年月日", "戸籍上の性別",
              "入社年月日", "在籍状況", "退職年月日", "雇用形態", "部署1 部署", "役職1 役職"]
    date_columns = {"生年月日", "入社年月日", "退職年月日"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "従業員"
    ws.append(header)
    for p in PEOPLE:
        kf, kg = kana_written(p)
        b = p.business or (None, None, None, None)
        status = "退職済み" if p.retired else ("休職中" if p.on_leave else "在籍中")
        values = {
            "社員番号": int(p.number), "姓": p.family, "名": p.given, "姓（ヨミガナ）": kf, "名（ヨミガナ）": kg,
            "ビジネスネーム：姓": b[0], "ビジネスネーム：名": b[1],
            "ビジネスネーム：姓（ヨミガナ）": b[2], "ビジネスネーム：名（ヨミガナ）": b[3],
            "メールアドレス": p.email, "生年月日": p.birth, "戸籍上の性別": p.gender, "入社年月日": p.hired,
            "在籍状況": status, "退職年月日": p.retired,
            "雇用形態": EMPLOYMENT["smarthr"][p.employment],
            "部署1 部署": "/".join(dept_path(p.dept)),
            "役職1 役職": q(p, "smarthr", "役職1", p.position),
        }
        row = []
        for column in header:
            v = values[column]
            if isinstance(v, dt.date):
                v = dt.datetime(v.year, v.month, v.day)
            row.append(v if v not in ("", None) else None)
        ws.append(row)
        r = ws.max_row
        for i, column in enumerate(header, start=1):
            if column in date_columns and ws.cell(r, i).value is not None:
                ws.cell(r, i).number_format = "yyyy/mm/dd"
    deterministic_xlsx(wb, SAMPLES / "smarthr" / "employees.xlsx")


# --------------------------------------------------------------------------------------------
# ロウムメイト
# --------------------------------------------------------------------------------------------

def write_roumumate() -> None:
    header = ["社員番号", "姓", "名", "姓（ヨミガナ）", "名（ヨミガナ）", "ビジネスネーム", "ビジネスネーム（ヨミガナ）",
              "メールアドレス", "生年月日", "性別", "入社日", "従業員ステータス", "状況", "雇用形態"]
    rows = []
    for p in PEOPLE:
        kf, kg = kana_written(p)
        business = f"{p.business[0]} {p.business[1]}" if p.business else ""
        business_kana = f"{p.business[2]} {p.business[3]}" if p.business else ""
        status = "退職" if p.retired else ("休職" if p.on_leave else "在籍")
        rows.append([
            p.number, p.family, p.given, kf, kg, business, business_kana, p.email,
            ymd(p.birth, "%Y-%m-%d"), p.gender,
            q(p, "roumumate", "入社日", ymd(p.hired, "%Y-%m-%d")),
            status, "データ入力完了", EMPLOYMENT["roumumate"][p.employment],
        ])
    for (number, fam, giv, kf, kg, email, birth, gender, hired, status, progress,
         employment) in ROUMUMATE_EXTRA:
        rows.append([number, fam, giv, kf, kg, "", "", email, birth, gender, hired, status, progress,
                     employment])
    write_table("roumumate/employees.tsv", header, rows, encoding="cp932", delimiter="\t")


# --------------------------------------------------------------------------------------------
# クラウド法人名刺 and KiteRa (receiving systems of docs/receivers/: their current exports)
# --------------------------------------------------------------------------------------------

# 名刺's groups: the built-in グループ1 (no code), the SmartHR departments imported before (by
# 部署コード), and A090 総務部, a department SmartHR no longer has → deleted, members to グループ1.
MEISHI_GROUPS = [
    ("", "グループ1", ""),
    ("A001", "営業部", ""),
    ("A002", "開発部", ""),
    ("A003", "人事部", ""),
    ("A011", "第一営業課", "A001"),
    ("A012", "第二営業課", "A001"),
    ("A090", "総務部", ""),
]

# 名刺's 社員リスト: 社員ID, 姓, 名, メールアドレス, グループコード, グループ名, 権限
MEISHI_EMPLOYEES = [
    ("1001", "山本", "翔太", "shota.yamamoto@example.co.jp", "A011", "第一営業課", "申請者"),  # unchanged
    ("1002", "中村", "大輔", "daisuke.nakamura@example.co.jp", "A011", "第一営業課", "承認者"),  # group
    ("1003", "伊藤", "美咲", "Ito.Misaki@Example.co.jp", "A002", "開発部", "申請者"),  # e-mail
    ("1004", "小林", "誠", "makoto.kobayashi@example.co.jp", "A003", "人事部", "申請者"),  # unchanged
    ("1005", "鈴木", "一郎", "ichiro.suzuki@example.co.jp", "A002", "開発部", "申請者"),  # unchanged
    ("1008", "髙﨑", "健", "ken.takasaki@example.co.jp", "A012", "第二営業課", "申請者"),  # unchanged
    ("1012", "渡辺", "直樹", "naoki.watanabe@example.co.jp", "A090", "総務部", "管理者"),  # → グループ1
    ("U0001", "受付", "共用", "reception@example.co.jp", "", "グループ1", "申請者"),  # made in 名刺
]

# KiteRa's users, in the columns of its user import (従業員コード, メールアドレス, 名前, 役割,
# 認証方法): no public source shows the layout of a KiteRa user list, so the sample takes the
# import's (docs/layouts/kitera.md).
KITERA_USERS = [
    ("1001", "shota.yamamoto@example.co.jp", "山本 翔太", "メンバー", "パスワード"),  # unchanged
    ("1002", "daisuke.nakamura@example.co.jp", "中村 大輔", "管理者", "SSO"),  # login method
    ("1003", "Ito.Misaki@Example.co.jp", "伊藤 美咲", "担当者", "パスワード"),  # e-mail
    ("1004", "makoto.kobayashi@example.co.jp", "小林 誠", "メンバー", "パスワード"),  # retired → delete
    ("1005", "ichiro.suzuki@example.co.jp", "鈴木 一郎", "メンバー", "パスワード"),  # unchanged
    ("1008", "ken.takasaki@example.co.jp", "髙﨑 健", "メンバー", "パスワード"),  # unchanged
    ("1012", "naoki.watanabe@example.co.jp", "渡辺 直樹", "システム管理者", "パスワード"),  # target-only
]


def write_meishi() -> None:
    write_table("meishi/groups.csv", ["グループコード", "グループ名", "親グループコード"],
                [list(r) for r in MEISHI_GROUPS], encoding="utf-8", bom=True)
    write_table("meishi/employees.csv",
                ["社員ID", "姓", "名", "メールアドレス", "グループコード", "グループ名", "権限"],
                [list(r) for r in MEISHI_EMPLOYEES], encoding="utf-8", bom=True)


def write_kitera() -> None:
    write_table("kitera/users.csv", ["従業員コード", "メールアドレス", "名前", "役割", "認証方法"],
                [list(r) for r in KITERA_USERS], encoding="utf-8", bom=True)


# ミキワメ's exports after the sample plan (HRBrain → ミキワメ) was imported, for `meibo verify`:
# every planned change landed except one — the importer skipped 木村 彩 (aya.kimura), a create.
MIKIWAME_AFTER_DEPARTMENTS = [
    ('A001', '営業部', ''),
    ('A002', '開発部', ''),
    ('A003', '人事部', ''),
    ('A011', '第一営業課', 'A001'),
    ('A012', '第二営業課', 'A001'),
    ('A090', '総務部', ''),
    ('A013', '第三営業課', 'A001'),
]
MIKIWAME_AFTER_EMPLOYEES = [
    ('1001', '山本', '翔太', 'ヤマモト', 'ショウタ', 'shota.yamamoto@example.co.jp', '1990/07/15', '男性', 'A011', '主任', '正社員', '2015/04/01', '', '0'),
    ('1002', '中村', '大輔', 'ナカムラ', 'ダイスケ', 'daisuke.nakamura@example.co.jp', '1987/11/03', '男性', 'A012', '係長', '正社員', '2018/10/01', '', '0'),
    ('1003', '伊藤', '美咲', 'イトウ', 'ミサキ', 'ito.misaki@example.co.jp', '1993/02/28', '女性', 'A002', '', '正社員', '2016/04/01', '', '0'),
    ('1004', '小林', '誠', 'コバヤシ', 'マコト', 'makoto.kobayashi@example.co.jp', '1980/09/09', '男性', 'A003', '部長', '正社員', '2008/04/01', '', '1'),
    ('1005', '鈴木', '一郎', 'スズキ', 'イチロウ', 'ichiro.suzuki@example.co.jp', '1985/01/20', '男性', 'A002', '課長', '正社員', '2012/04/01', '', '0'),
    ('1008', '髙﨑', '健', 'タカサキ', 'ケン', 'ken.takasaki@example.co.jp', '1991/06/30', '男性', 'A012', '①チームリーダー', '正社員', '2015/04/01', '', '0'),
    ('1012', '渡辺', '直樹', 'ワタナベ', 'ナオキ', 'naoki.watanabe@example.co.jp', '1975/03/14', '男性', 'A090', '部長', '正社員', '2000/04/01', '', '0'),
    ('1006', '高橋', 'みゆき', 'タカハシ', 'ミユキ', 'miyuki.takahashi@example.co.jp', '1996/12/05', '女性', 'A002', '', '正社員', '2019/04/01', '', '0'),
    ('1007', '松本', '拓也', 'マツモト', 'タクヤ', 'takuya.matsumoto@example.co.jp', '1994/08/22', '男性', 'A013', '', '正社員', '2020/04/01', '', '0'),
    ('1009', '佐藤', '花子', 'サトウ', 'ハナコ', 'hanako.sato@example.co.jp', '1989/04/18', '女性', 'A003', '主任', '正社員', '2013/04/01', '', '0'),
    ('1010', '井上', '陽菜', 'イノウエ', 'ハルナ', 'haruna.inoue@example.co.jp', '2003/10/10', '女性', 'A002', '', 'その他', '2024/10/01', '', '0'),
    ('1101', 'ミキワメ', '太郎', 'ミキワメ', 'タロウ', '001@aaa.com', '1988/04/12', '男性', 'A001', '', '正社員', '2012/04/01', '', '0'),
    ('1102', 'ミキワメ', '次郎', 'ミキワメ', 'ジロウ', '002@aaa.com', '1990/09/27', '男性', '', '', '派遣社員', '2022/06/01', '', '0'),
]


def write_mikiwame_after() -> None:
    write_table("mikiwame/after/departments.csv", ["部署コード", "部署名", "親部署コード"],
                [list(r) for r in MIKIWAME_AFTER_DEPARTMENTS], encoding="utf-8", bom=True)
    write_table("mikiwame/after/employees.csv", MIKIWAME_EMPLOYEE_HEADER,
                [list(r) for r in MIKIWAME_AFTER_EMPLOYEES], encoding="utf-8", bom=True)


def main() -> None:
    write_mikiwame()
    write_results()
    write_hrbrain()
    write_kaonavi()
    write_smarthr()
    write_roumumate()
    write_meishi()
    write_kitera()
    write_mikiwame_after()
    for path in WRITTEN:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        print(f"{digest}  {path.relative_to(SAMPLES)}")


if __name__ == "__main__":
    main()
