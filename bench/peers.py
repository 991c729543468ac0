"""What a user who outgrew a spreadsheet would run instead of meibo: polars or DuckDB doing only
the core employee rules of ミキワメ, and polars + fastexcel reading a workbook's first sheet.

    peers.py utf8 CP932_CSV OUT_CSV            # the UTF-8 copy polars and DuckDB are given
    peers.py polars EMPLOYEES CURRENT OUTDIR   # core rules, both inputs UTF-8 CSV
    peers.py duckdb EMPLOYEES CURRENT OUTDIR
    peers.py fastexcel WORKBOOK                # read the first sheet into a DataFrame

The core rules (no departments, no normalisation beyond trimming and lower-casing the e-mail):
missing-name (姓 or 名 blank), missing-kana (either reading blank), missing-email, duplicate-email
(every row of an address that is on more than one row), and every other row matched with the
current export by lower-cased e-mail: update when ミキワメ has the address, else create. Each writes
exclusions.csv (row, reason; the header is row 1) and employees.csv (the carried rows and action).
"""
import sys

NAME, GIVEN, KANA, GIVEN_KANA, EMAIL = "姓", "名", "姓（ヨミガナ）", "名（ヨミガナ）", "メールアドレス"


def utf8(source, target):
    with open(source, encoding="cp932", newline="") as src, open(
        target, "w", encoding="utf-8", newline=""
    ) as out:
        while True:
            text = src.read(1 << 24)
            if not text:
                break
            out.write(text)


def polars(employees, current, out):
    import polars as pl

    def blank(column):
        return pl.col(column).fill_null("").str.strip_chars() == ""

    hr = pl.read_csv(employees, infer_schema=False).with_row_index("row", offset=2)
    hr = hr.with_columns(
        email=pl.col(EMAIL).fill_null("").str.strip_chars().str.to_lowercase()
    )
    reasons = {
        "missing-name": blank(NAME) | blank(GIVEN),
        "missing-kana": blank(KANA) | blank(GIVEN_KANA),
        "missing-email": pl.col("email") == "",
        "duplicate-email": (pl.col("email") != "") & pl.col("email").is_duplicated(),
    }
    hr = hr.with_columns(**{code: rule for code, rule in reasons.items()})
    excluded = pl.concat(
        [
            hr.filter(pl.col(code)).select("row", reason=pl.lit(code))
            for code in reasons
        ]
    ).sort("row", maintain_order=True)
    excluded.write_csv(f"{out}/exclusions.csv")
    known = (
        pl.read_csv(current, infer_schema=False)
        .select(email=pl.col(EMAIL).fill_null("").str.strip_chars().str.to_lowercase())
        .unique()
        .with_columns(known=pl.lit(True))
    )
    carried = hr.filter(~pl.any_horizontal(list(reasons))).drop(list(reasons))
    carried = carried.join(known, on="email", how="left", maintain_order="left")
    carried = carried.with_columns(
        action=pl.when(pl.col("known")).then(pl.lit("update")).otherwise(pl.lit("create"))
    ).drop("known", "email")
    carried.write_csv(f"{out}/employees.csv")
    print(f"{carried.height} carried, {excluded.height} exclusions")


def duckdb(employees, current, out):
    import duckdb as db

    con = db.connect()
    con.execute(
        f"""
        CREATE TABLE hr AS
        SELECT row_number() OVER () + 1 AS row, *,
               lower(trim(coalesce("{EMAIL}", ''))) AS email
        FROM read_csv('{employees}', all_varchar = true, header = true);
        CREATE TABLE flags AS
        SELECT *,
               trim(coalesce("{NAME}", '')) = '' OR trim(coalesce("{GIVEN}", '')) = '' AS missing_name,
               trim(coalesce("{KANA}", '')) = '' OR trim(coalesce("{GIVEN_KANA}", '')) = '' AS missing_kana,
               email = '' AS missing_email,
               email <> '' AND count(*) OVER (PARTITION BY email) > 1 AS duplicate_email
        FROM hr;
        COPY (
            SELECT row, 'missing-name' AS reason FROM flags WHERE missing_name
            UNION ALL SELECT row, 'missing-kana' FROM flags WHERE missing_kana
            UNION ALL SELECT row, 'missing-email' FROM flags WHERE missing_email
            UNION ALL SELECT row, 'duplicate-email' FROM flags WHERE duplicate_email
            ORDER BY row
        ) TO '{out}/exclusions.csv' (HEADER);
        CREATE TABLE known AS
        SELECT DISTINCT lower(trim(coalesce("{EMAIL}", ''))) AS email
        FROM read_csv('{current}', all_varchar = true, header = true);
        COPY (
            SELECT f.* EXCLUDE (email, missing_name, missing_kana, missing_email, duplicate_email),
                   CASE WHEN k.email IS NULL THEN 'create' ELSE 'update' END AS action
            FROM flags f LEFT JOIN known k USING (email)
            WHERE NOT (missing_name OR missing_kana OR missing_email OR duplicate_email)
            ORDER BY f.row
        ) TO '{out}/employees.csv' (HEADER);
        """
    )
    carried = con.execute(f"SELECT count(*) FROM read_csv('{out}/employees.csv')").fetchone()[0]
    print(f"{carried} carried")


def fastexcel(workbook):
    import polars as pl

    frame = pl.read_excel(workbook, engine="calamine", infer_schema_length=0)
    print(f"{frame.height} rows, {frame.width} columns")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"utf8": utf8, "polars": polars, "duckdb": duckdb, "fastexcel": fastexcel}[command](*args)
