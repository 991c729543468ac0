//! `report.html`: one self-contained page a person opens in a browser (docs/output.md) — the
//! counts, a chart of exclusions by reason, warnings by code, an optional department tree, and
//! searchable tables of exclusions and changes.
//!
//! The renderer knows no command: each command fills a [`Page`] (reconcile with a department
//! tree, personality without) and [`render`] writes it. What it promises:
//! - every value goes through [`escape`], in text and in attributes alike, so a name such as
//!   `<script>` or `" onmouseover=` shows as text and runs nothing;
//! - nothing outside the page is referenced: no `src`/`href`, no fonts, no images, and a
//!   Content-Security-Policy that forbids any load and lets only the page's own script (by its
//!   hash) run;
//! - each table and the tree hold at most [`ROW_LIMIT`] rows, with a line saying so and naming the
//!   CSV that has all of them, so a million-row run still gives a light page;
//! - the same page model gives the same bytes (no timestamps).

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::lang::Lang;

/// Rows shown per table (and nodes in the tree); the CSVs hold the rest.
pub const ROW_LIMIT: usize = 2_000;

/// The department tree is indented at most this deep (deeper nodes show their level instead);
/// browsers stop nesting elements a few hundred levels down.
const MAX_INDENT: usize = 24;

/// Everything the page shows.
pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub inputs: Vec<InputLine>,
    /// What to do with the files next (shown at the top).
    pub next_step: Option<String>,
    /// Notes on the import files, under the next step (where the layout comes from, how an
    /// import is split).
    pub notes: Vec<String>,
    pub counts: CountTable,
    /// The chart's heading and what it says when there is nothing to draw (default: exclusions
    /// by reason).
    pub chart: Option<ChartText>,
    /// The codes the chart draws (exclusions by reason, unless `chart` says otherwise).
    pub exclusion_reasons: Vec<CodeCount>,
    pub warnings: Vec<CodeCount>,
    /// The CSV that lists every warning, named under the warning counts.
    pub warnings_csv: String,
    pub tree: Option<Tree>,
    /// Searchable tables (exclusions, changes…), in page order.
    pub tables: Vec<Table>,
}

/// The words around the chart.
pub struct ChartText {
    pub title: String,
    pub empty: String,
}

/// One input file, as summary.json describes it.
pub struct InputLine {
    pub role: String,
    pub path: String,
    pub system: String,
    pub rows: usize,
}

impl InputLine {
    /// An input as `summary.json` lists it, its role and system in words.
    pub fn of(input: &crate::output::summary::InputSummary, lang: Lang) -> InputLine {
        InputLine {
            role: crate::labels::role(&input.role, lang).to_string(),
            path: input.path.clone(),
            system: crate::labels::system(&input.system, lang).into_owned(),
            rows: input.rows,
        }
    }
}

/// Counts by action: one row per record kind (departments, employees, results…), one column
/// per action. Cells carry `data-count="ROW.COLUMN"` so tools can read them back.
pub struct CountTable {
    pub columns: Vec<Label>,
    pub rows: Vec<CountRow>,
}

/// A stable id (for attributes and CSS classes) and the text a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub id: String,
    pub text: String,
}

impl Label {
    pub fn new(id: &str, text: &str) -> Label {
        Label {
            id: id.to_string(),
            text: text.to_string(),
        }
    }
}

pub struct CountRow {
    pub label: Label,
    /// Aligned with [`CountTable::columns`].
    pub counts: Vec<usize>,
}

/// A reason or warning code, its message and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCount {
    pub code: String,
    pub message: String,
    pub count: usize,
}

/// A tree in pre-order: each node's `depth` is one more than its parent's (roots are 0).
pub struct Tree {
    pub nodes: Vec<TreeNode>,
    /// Where every node is listed, named when the tree is cut at [`ROW_LIMIT`].
    pub csv: String,
}

pub struct TreeNode {
    pub depth: usize,
    pub code: String,
    pub name: String,
    pub action: Label,
    /// (code, message) of each reason the row was excluded for.
    pub exclusions: Vec<(String, String)>,
}

/// A searchable table: the first [`ROW_LIMIT`] rows and the number there are in all.
pub struct Table {
    pub id: String,
    pub title: String,
    /// The CSV that holds every row.
    pub csv: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: usize,
}

impl Table {
    /// Keep the first [`ROW_LIMIT`] of `rows` (of which there are `total`); the rest are never
    /// built, so a million-row run costs nothing here.
    pub fn new(
        id: &str,
        title: &str,
        csv: &str,
        headers: &[&str],
        total: usize,
        rows: impl Iterator<Item = Vec<String>>,
    ) -> Table {
        Table {
            id: id.to_string(),
            title: title.to_string(),
            csv: csv.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows.take(ROW_LIMIT).collect(),
            total,
        }
    }
}

/// Text safe in HTML text and in double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const STYLE: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--create:#1a7f37;--update:#9a6700;--unchanged:#59636e;--target:#0969da;--excluded:#cf222e}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:16px 24px 48px;font:14px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",Meiryo,sans-serif;color:var(--fg)}
h1{font-size:22px;margin:8px 0}
h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.muted,.note{color:var(--muted)}
.note{margin:6px 0}
.next{background:#ddf4ff;border:1px solid #54aeff;border-radius:6px;padding:8px 12px}
.import-note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.rows{width:100%;font-size:13px}
.rows td{overflow-wrap:break-word}
input[type=search]{width:min(420px,100%);padding:5px 8px;font:inherit;border:1px solid var(--line);border-radius:6px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff;background:var(--muted)}
.badge.create{background:var(--create)}.badge.update{background:var(--update)}.badge.unchanged{background:var(--unchanged)}
.badge.target-only{background:var(--target)}.badge.excluded{background:var(--excluded)}
.badge.applied{background:var(--create)}.badge.not-applied,.badge.landed-differently,.badge.unplanned-change{background:var(--excluded)}
.reason{display:inline-block;border:1px solid var(--excluded);color:var(--excluded);border-radius:10px;padding:0 6px;font-size:12px;margin-left:4px}
.tree,.tree ul{list-style:none;margin:0;padding-left:18px}
.tree{padding-left:0}
.tree li{margin:2px 0}
.tree summary{cursor:pointer}
.tree .leaf{padding-left:14px}
.tree code{color:var(--muted)}
.chart{width:100%;max-width:760px;height:auto}
.chart .bar{fill:var(--excluded)}
.chart text{font-size:12px;fill:var(--fg)}
.chart .code{font-family:ui-monospace,Menlo,Consolas,monospace}
"#;

/// Filters each table's rows by the text of its search box (case-insensitive, NFKC so that
/// full-width and half-width letters match alike).
const SCRIPT: &str = r#"
(function(){
  function fold(s){return s.normalize('NFKC').toLowerCase();}
  document.querySelectorAll('input[data-filter]').forEach(function(box){
    var id=box.getAttribute('data-filter');
    var rows=Array.prototype.slice.call(document.getElementById(id).tBodies[0].rows);
    var texts=rows.map(function(r){return fold(r.textContent);});
    var shown=document.getElementById(id+'-shown');
    function filter(){
      var q=fold(box.value.trim()),n=0;
      rows.forEach(function(r,i){var hit=!q||texts[i].indexOf(q)>=0;r.hidden=!hit;if(hit)n++;});
      shown.textContent=n.toLocaleString('en-US');
    }
    box.addEventListener('input',filter);
    box.addEventListener('change',filter);
  });
})();
"#;

/// The page as HTML text.
pub fn render(page: &Page) -> String {
    let lang = page.lang;
    let lang_attribute = match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang_attribute}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&content_security_policy()),
        escape(&page.title),
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(&page.title));
    render_inputs(&mut html, page);
    if let Some(next) = &page.next_step {
        let _ = writeln!(
            html,
            "<p class=\"next\" id=\"next-step\">{}</p>",
            escape(next)
        );
    }
    for (i, note) in page.notes.iter().enumerate() {
        let _ = writeln!(
            html,
            "<p class=\"import-note\" id=\"import-note-{}\">{}</p>",
            i + 1,
            escape(note)
        );
    }
    render_counts(&mut html, &page.counts, lang);
    render_chart(&mut html, page);
    render_warnings(&mut html, page);
    if let Some(tree) = &page.tree {
        render_tree(&mut html, tree, lang);
    }
    for table in &page.tables {
        render_table(&mut html, table, lang);
    }
    let _ = write!(html, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    html
}

fn render_inputs(html: &mut String, page: &Page) {
    let lang = page.lang;
    if page.inputs.is_empty() {
        return;
    }
    let _ = writeln!(
        html,
        "<table class=\"inputs\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        lang.pick("役割", "role"),
        lang.pick("ファイル", "file"),
        lang.pick("システム", "system"),
        lang.pick("行数", "rows"),
    );
    for input in &page.inputs {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&input.role),
            escape(&input.path),
            escape(&input.system),
            thousands(input.rows),
        );
    }
    html.push_str("</tbody></table>\n");
}

fn render_counts(html: &mut String, counts: &CountTable, lang: Lang) {
    let _ = writeln!(
        html,
        "<h2 id=\"counts\">{}</h2>\n<table class=\"counts\"><thead><tr><th></th>",
        lang.pick("件数", "Counts")
    );
    for column in &counts.columns {
        let _ = write!(
            html,
            "<th class=\"n\"><span class=\"badge {}\">{}</span></th>",
            escape(&column.id),
            escape(&column.text)
        );
    }
    html.push_str("</tr></thead><tbody>\n");
    for row in &counts.rows {
        let _ = write!(html, "<tr><th>{}</th>", escape(&row.label.text));
        for (column, count) in counts.columns.iter().zip(&row.counts) {
            let _ = write!(
                html,
                "<td class=\"n\" data-count=\"{}.{}\">{}</td>",
                escape(&row.label.id),
                escape(&column.id),
                thousands(*count)
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n");
}

/// Horizontal bars, largest first, drawn as inline SVG.
fn render_chart(html: &mut String, page: &Page) {
    let lang = page.lang;
    let (title, empty) = match &page.chart {
        Some(text) => (text.title.as_str(), text.empty.as_str()),
        None => (
            lang.pick("除外理由ごとの件数", "Exclusions by reason"),
            lang.pick("除外された行はありません。", "No row was excluded."),
        ),
    };
    let _ = writeln!(html, "<h2 id=\"reasons\">{}</h2>", escape(title));
    let mut sorted: Vec<&CodeCount> = page
        .exclusion_reasons
        .iter()
        .filter(|r| r.count > 0)
        .collect();
    if sorted.is_empty() {
        let _ = writeln!(html, "<p class=\"note\">{}</p>", escape(empty));
        return;
    }
    sorted.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    let max = sorted[0].count.max(1);
    let (label_width, bar_width, row_height) = (230usize, 420usize, 26usize);
    let height = sorted.len() * row_height + 4;
    let _ = writeln!(
        html,
        "<svg class=\"chart\" id=\"reason-chart\" role=\"img\" viewBox=\"0 0 {} {height}\" width=\"{}\" height=\"{height}\">",
        label_width + bar_width + 90,
        label_width + bar_width + 90,
    );
    for (i, reason) in sorted.iter().enumerate() {
        let y = i * row_height + 2;
        let width = (reason.count * bar_width).div_ceil(max).max(2);
        let _ = writeln!(
            html,
            "<g data-reason=\"{code}\" data-count=\"{count}\"><title>{code}: {message}</title>\
             <text class=\"code\" x=\"0\" y=\"{ty}\">{code}</text>\
             <rect class=\"bar\" x=\"{label_width}\" y=\"{y}\" width=\"{width}\" height=\"{bh}\" rx=\"2\"></rect>\
             <text x=\"{tx}\" y=\"{ty}\">{n}</text></g>",
            code = escape(&reason.code),
            count = reason.count,
            message = escape(&reason.message),
            ty = y + 15,
            bh = row_height - 8,
            tx = label_width + width + 6,
            n = thousands(reason.count),
        );
    }
    html.push_str("</svg>\n");
    // The same numbers as text, with the message a person needs to act on them.
    render_code_table(html, "reasons", "reason", &sorted, lang);
}

/// Codes with their counts and messages; each count cell carries `data-KIND-count="CODE"`.
fn render_code_table(html: &mut String, class: &str, kind: &str, codes: &[&CodeCount], lang: Lang) {
    let _ = writeln!(
        html,
        "<table class=\"{class}\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("コード", "code"),
        lang.pick("件数", "count"),
        lang.pick("メッセージ", "message")
    );
    for code in codes {
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code></td><td class=\"n\" data-{kind}-count=\"{}\">{}</td><td>{}</td></tr>",
            escape(&code.code),
            escape(&code.code),
            thousands(code.count),
            escape(&code.message)
        );
    }
    html.push_str("</tbody></table>\n");
}

fn render_warnings(html: &mut String, page: &Page) {
    let lang = page.lang;
    let _ = writeln!(
        html,
        "<h2 id=\"warnings\">{}</h2>",
        lang.pick("警告（コード別）", "Warnings by code")
    );
    let mut sorted: Vec<&CodeCount> = page.warnings.iter().filter(|w| w.count > 0).collect();
    if sorted.is_empty() {
        let _ = writeln!(
            html,
            "<p class=\"note\">{}</p>",
            lang.pick("警告はありません。", "No warnings.")
        );
        return;
    }
    sorted.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    render_code_table(html, "warnings", "warning", &sorted, lang);
    let _ = writeln!(
        html,
        "<p class=\"note\">{} <code>{}</code></p>",
        lang.pick("行ごとの警告:", "Every warning with its row:"),
        escape(&page.warnings_csv)
    );
}

fn render_tree(html: &mut String, tree: &Tree, lang: Lang) {
    let _ = writeln!(
        html,
        "<h2 id=\"tree\">{}</h2>",
        lang.pick("部署ツリー", "Department tree")
    );
    if tree.nodes.is_empty() {
        let _ = writeln!(
            html,
            "<p class=\"note\">{}</p>",
            lang.pick("部署はありません。", "No departments.")
        );
        return;
    }
    let shown = &tree.nodes[..tree.nodes.len().min(ROW_LIMIT)];
    if shown.len() < tree.nodes.len() {
        let _ = writeln!(
            html,
            "<p class=\"note\" id=\"tree-limit\">{}</p>",
            escape(&limit_note(lang, shown.len(), tree.nodes.len(), &tree.csv))
        );
    }
    html.push_str("<ul class=\"tree\">\n");
    // Open <li> elements whose <ul> of children is open, by depth.
    let mut open: Vec<usize> = Vec::new();
    for (i, node) in shown.iter().enumerate() {
        let depth = node.depth.min(MAX_INDENT).min(open.len());
        while open.len() > depth {
            open.pop();
            html.push_str("</ul></details></li>\n");
        }
        let has_children = shown
            .get(i + 1)
            .is_some_and(|next| next.depth.min(MAX_INDENT) > depth);
        let shown_code = if node.code.is_empty() {
            lang.pick("（コードなし）", "(no code)").to_string()
        } else {
            escape(&node.code)
        };
        let mut label = format!(
            "<code>{shown_code}</code> {} <span class=\"badge {}\">{}</span>",
            escape(&node.name),
            escape(&node.action.id),
            escape(&node.action.text)
        );
        if node.depth > MAX_INDENT {
            let _ = write!(
                label,
                " <span class=\"muted\">({} {})</span>",
                lang.pick("階層", "level"),
                node.depth + 1
            );
        }
        for (code, message) in &node.exclusions {
            let _ = write!(
                label,
                "<span class=\"reason\" title=\"{}\">{}</span>",
                escape(message),
                escape(code)
            );
        }
        let code_attribute = escape(&node.code);
        if has_children {
            let _ = writeln!(
                html,
                "<li data-code=\"{code_attribute}\"><details open><summary>{label}</summary><ul>"
            );
            open.push(depth);
        } else {
            let _ = writeln!(
                html,
                "<li data-code=\"{code_attribute}\"><span class=\"leaf\">{label}</span></li>"
            );
        }
    }
    for _ in open {
        html.push_str("</ul></details></li>\n");
    }
    html.push_str("</ul>\n");
}

fn render_table(html: &mut String, table: &Table, lang: Lang) {
    let id = escape(&table.id);
    let shown = &table.rows[..table.rows.len().min(ROW_LIMIT)];
    let _ = writeln!(
        html,
        "<h2 id=\"{id}-title\">{} <span class=\"muted\">({})</span></h2>",
        escape(&table.title),
        thousands(table.total)
    );
    if table.total == 0 {
        let _ = writeln!(
            html,
            "<p class=\"note\">{}</p>",
            lang.pick("該当する行はありません。", "No rows.")
        );
        return;
    }
    if shown.len() < table.total {
        let _ = writeln!(
            html,
            "<p class=\"note\" id=\"{id}-limit\">{}</p>",
            escape(&limit_note(lang, shown.len(), table.total, &table.csv))
        );
    }
    let _ = writeln!(
        html,
        "<p><input type=\"search\" data-filter=\"{id}\" id=\"{id}-search\" placeholder=\"{}\" aria-label=\"{}\"> \
         <span class=\"muted\">{} <span id=\"{id}-shown\">{}</span> / {}</span></p>",
        lang.pick("絞り込み（部分一致）…", "Filter rows (substring)…"),
        lang.pick("絞り込み", "Filter"),
        lang.pick("表示:", "shown:"),
        thousands(shown.len()),
        thousands(shown.len()),
    );
    let _ = write!(html, "<table class=\"rows\" id=\"{id}\"><thead><tr>");
    for header in &table.headers {
        let _ = write!(html, "<th>{}</th>", escape(header));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in shown {
        html.push_str("<tr>");
        for cell in row {
            let _ = write!(html, "<td>{}</td>", escape(cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n");
}

fn limit_note(lang: Lang, shown: usize, total: usize, csv: &str) -> String {
    match lang {
        Lang::Ja => format!(
            "全 {} 行のうち最初の {} 行のみ表示しています。すべての行は {csv} にあります。",
            thousands(total),
            thousands(shown)
        ),
        Lang::En => format!(
            "Showing the first {} of {} rows; {csv} has all of them.",
            thousands(shown),
            thousands(total)
        ),
    }
}

/// Nothing may be loaded from anywhere; only this page's own script (by hash) runs, so even an
/// unescaped value could neither fetch nor execute anything.
fn content_security_policy() -> String {
    let hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{hash}'; \
         img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// Standard base64 with padding — needed for one 32-byte hash, too little for a dependency.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(tree: Option<Tree>, tables: Vec<Table>) -> Page {
        Page {
            lang: Lang::En,
            title: "t".into(),
            inputs: vec![],
            next_step: None,
            notes: vec![],
            counts: CountTable {
                columns: vec![Label::new("create", "create")],
                rows: vec![CountRow {
                    label: Label::new("employees", "employees"),
                    counts: vec![3],
                }],
            },
            chart: None,
            exclusion_reasons: vec![],
            warnings: vec![],
            warnings_csv: "warnings.csv".into(),
            tree,
            tables,
        }
    }

    fn node(depth: usize, code: &str) -> TreeNode {
        TreeNode {
            depth,
            code: code.into(),
            name: code.into(),
            action: Label::new("create", "create"),
            exclusions: vec![],
        }
    }

    #[test]
    fn escapes_text_and_attribute_breakers() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn tables_keep_the_first_rows_and_name_the_csv() {
        let rows = (0..ROW_LIMIT + 5).map(|i| vec![i.to_string()]);
        let table = Table::new("x", "X", "x.csv", &["n"], ROW_LIMIT + 5, rows);
        assert_eq!(table.rows.len(), ROW_LIMIT);
        let html = render(&page(None, vec![table]));
        assert_eq!(html.matches("<tr><td>").count(), ROW_LIMIT);
        assert!(html.contains("Showing the first 2,000 of 2,005 rows; x.csv has all of them."));
    }

    #[test]
    fn tree_nesting_is_balanced() {
        let nodes = vec![
            node(0, "A"),
            node(1, "A1"),
            node(2, "A11"),
            node(1, "A2"),
            node(0, "B"),
            node(1, "B1"),
            node(2, "B11"),
        ];
        let html = render(&page(
            Some(Tree {
                nodes,
                csv: "changes.csv".into(),
            }),
            vec![],
        ));
        let opened = html.matches("<details open>").count();
        assert_eq!(opened, 4, "A, A1, B, B1 have children");
        assert_eq!(html.matches("</details>").count(), opened);
        assert_eq!(html.matches("<ul").count(), html.matches("</ul>").count());
        assert_eq!(html.matches("<li").count(), html.matches("</li>").count());
    }

    #[test]
    fn very_deep_trees_stop_indenting() {
        let nodes: Vec<TreeNode> = (0..100).map(|d| node(d, &format!("D{d}"))).collect();
        let html = render(&page(
            Some(Tree {
                nodes,
                csv: "changes.csv".into(),
            }),
            vec![],
        ));
        assert_eq!(html.matches("<details open>").count(), MAX_INDENT);
        assert_eq!(html.matches("<ul").count(), html.matches("</ul>").count());
        assert!(html.contains("(level 100)"));
    }

    #[test]
    fn the_policy_hash_is_the_scripts_own() {
        let html = render(&page(None, vec![]));
        let hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
        assert!(html.contains(&escape(&format!("'sha256-{hash}'"))));
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
    }
}
