//! report.html in a real browser: Debian's headless Chromium, driven through ChromeDriver over
//! WebDriver, opens the page from `file://` and the checks read the rendered DOM — the counts, a
//! known exclusion row, the search box hiding rows that do not match, and injected markup shown
//! as text without running.
//!
//! `.ci/run` installs the packages `chromium` and `chromium-driver`. Where /usr/bin/chromium or
//! /usr/bin/chromedriver is absent the tests pass after saying so on stderr (even when output is
//! captured); once both are there, any failure is a failure.
//!
//! The WebDriver client is a few lines of HTTP/1.1 over `std::net::TcpStream` (one request per
//! connection), so no browser-automation crate or downloaded browser is needed.
//!
//! `million_employees_report_stays_light` is ignored by default (it writes ~300 MB of inputs);
//! run it on the release binary with
//! `cargo test --release --test report_browser -- --ignored --nocapture`.

use std::io::{BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether the browser can run here; says why not when it cannot.
fn browser_available(test: &str) -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    // Straight to stderr, not eprintln!: the test harness would swallow that for a passing test.
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {} not installed (Debian packages chromium and chromium-driver; \
         .ci/run installs them with apt-get)",
        missing.join(" and ")
    );
    false
}

// ---------------------------------------------------------------------------------------------
// A minimal WebDriver client.

/// A running ChromeDriver on a free localhost port; killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, status)) = driver.try_request("GET", "/status", None) {
                if status["value"]["ready"] == json!(true) {
                    return driver;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn try_request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, Value)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        let body = body.map(Value::to_string).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
             Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )?;
        // ChromeDriver keeps the connection open whatever the request says: read the headers,
        // then exactly the body they announce.
        let mut response = Vec::new();
        let mut buffer = [0u8; 64 * 1024];
        let split = loop {
            if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            let n = stream.read(&mut buffer)?;
            if n == 0 {
                return Err(std::io::Error::other(
                    "connection closed before the headers",
                ));
            }
            response.extend_from_slice(&buffer[..n]);
        };
        let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other("no status"))?;
        let header = |name: &str| {
            head.lines()
                .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
        };
        let mut payload = response[split + 4..].to_vec();
        let complete = |payload: &[u8]| match header("content-length:") {
            Some(length) => payload.len() >= length.parse().unwrap_or(0),
            None => payload.ends_with(b"0\r\n\r\n"),
        };
        while !complete(&payload) {
            let n = stream.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            payload.extend_from_slice(&buffer[..n]);
        }
        if header("transfer-encoding:").is_some_and(|v| v.contains("chunked")) {
            payload = dechunk(&payload);
        }
        let value = serde_json::from_slice(&payload).unwrap_or(Value::Null);
        Ok((status, value))
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let (status, value) = self
            .try_request(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert_eq!(status, 200, "{method} {path} {body:?} → {value}");
        value["value"].clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// One headless Chromium window; closed when dropped.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
    _profile: tempfile::TempDir,
}

impl<'a> Session<'a> {
    fn new(driver: &'a Driver) -> Session<'a> {
        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--window-size=1280,1024".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}});
        let created = driver.request("POST", "/session", Some(&capabilities));
        let id = created["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Session {
            driver,
            id,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.driver.request(
            method,
            &format!("/session/{}{path}", self.id),
            body.as_ref(),
        )
    }

    fn open(&self, file: &Path) {
        let url = format!(
            "file://{}",
            file.canonicalize().expect("page exists").display()
        );
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .expect("a list of elements")
            .iter()
            .map(|e| {
                e[ELEMENT]
                    .as_str()
                    .unwrap_or_else(|| panic!("element id in {e}"))
                    .to_string()
            })
            .collect()
    }

    fn find(&self, css: &str) -> String {
        let mut all = self.find_all(css);
        assert_eq!(all.len(), 1, "one element for {css}");
        all.remove(0)
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .expect("text")
            .to_string()
    }

    fn displayed(&self, element: &str) -> bool {
        self.call("GET", &format!("/element/{element}/displayed"), None)
            .as_bool()
            .expect("a boolean")
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn clear(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
    }

    fn script(&self, body: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": body, "args": []})),
        )
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .try_request("DELETE", &format!("/session/{}", self.id), None);
    }
}

// ---------------------------------------------------------------------------------------------
// Running meibo.

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn reconcile(inputs: [&Path; 4], out: &Path) -> Output {
    reconcile_with(inputs, out, &[])
}

fn reconcile_with(inputs: [&Path; 4], out: &Path, extra: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .arg("reconcile")
        .arg("--employees")
        .arg(inputs[0])
        .arg("--departments")
        .arg(inputs[1])
        .arg("--current-employees")
        .arg(inputs[2])
        .arg("--current-departments")
        .arg(inputs[3])
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("meibo runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "meibo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The injected markup of the tests ran nothing: not on load, not when its cells are hovered
/// (the attribute breaker), and the page has only its own script.
fn assert_no_injected_code_runs(browser: &Session) {
    let pwned = || browser.script("return window.__pwned === undefined ? null : window.__pwned;");
    assert_eq!(pwned(), Value::Null, "injected code ran");
    browser.script(
        "document.querySelectorAll('td').forEach(function(td){\
           td.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));});",
    );
    assert_eq!(pwned(), Value::Null, "injected code ran on hover");
    assert_eq!(browser.script("return document.scripts.length;"), json!(1));
}

/// The HRBrain → ミキワメ samples reconciled into `out`.
fn reconcile_samples(out: &Path) -> Output {
    let s = samples();
    reconcile(
        [
            &s.join("hrbrain/employees.csv"),
            &s.join("hrbrain/departments.csv"),
            &s.join("mikiwame/employees.csv"),
            &s.join("mikiwame/departments.csv"),
        ],
        out,
    )
}

fn summary(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn count_text(text: &str) -> u64 {
    text.replace(',', "").trim().parse().expect("a count")
}

// ---------------------------------------------------------------------------------------------

#[test]
fn chromium_shows_counts_rows_and_filters_by_search() {
    if !browser_available("chromium_shows_counts_rows_and_filters_by_search") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    reconcile_samples(&out);
    let summary = summary(&out);
    let driver = Driver::start();
    let browser = Session::new(&driver);
    browser.open(&out.join("report.html"));

    // Every count as summary.json has it.
    for kind in ["departments", "employees"] {
        for (action, expected) in summary["counts"][kind].as_object().unwrap() {
            let cell = browser.find(&format!("[data-count=\"{kind}.{action}\"]"));
            assert!(browser.displayed(&cell));
            assert_eq!(
                count_text(&browser.text(&cell)),
                expected.as_u64().unwrap(),
                "{kind}.{action}"
            );
        }
    }
    // The chart has one bar per reason.
    let bars = browser.find_all("#reason-chart g[data-reason]");
    assert_eq!(
        bars.len(),
        summary["exclusions_by_reason"].as_object().unwrap().len()
    );
    // The department tree shows the created department with its action.
    let a013 = browser.find("li[data-code=\"A013\"]");
    assert!(browser.text(&a013).contains("第三営業課"));

    // A known exclusion row: row 17 of the HRBrain export has no reading.
    let rows = browser.find_all("#exclusions tbody tr");
    assert_eq!(rows.len(), 7);
    let texts: Vec<String> = rows.iter().map(|r| browser.text(r)).collect();
    let known = texts
        .iter()
        .position(|t| t.contains("005@aaa.com") && t.contains("missing-kana"))
        .unwrap_or_else(|| panic!("no missing-kana row in {texts:#?}"));
    assert!(
        texts[known].contains("employees.csv 17 社員"),
        "{}",
        texts[known]
    );
    assert!(texts[known].contains("氏名カナ（姓）がありません。"));
    assert!(rows.iter().all(|r| browser.displayed(r)));

    // Typing in the search box hides the rows that do not match (case-insensitive).
    let search = browser.find("#exclusions-search");
    browser.type_into(&search, "MISSING-KANA");
    let visible: Vec<usize> = (0..rows.len())
        .filter(|&i| browser.displayed(&rows[i]))
        .collect();
    assert_eq!(visible, vec![known], "only the matching row stays visible");
    assert_eq!(browser.text(&browser.find("#exclusions-shown")), "1");

    // Half-width kana find full-width text (the filter folds with NFKC).
    browser.clear(&search);
    browser.type_into(&search, "ﾐｷﾜﾒ 七郎");
    let visible = (0..rows.len())
        .filter(|&i| browser.displayed(&rows[i]))
        .count();
    assert_eq!(visible, 1);

    // Emptying the box shows every row again; the other table is untouched throughout.
    browser.clear(&search);
    assert!(rows.iter().all(|r| browser.displayed(r)));
    let changes = browser.find_all("#changes tbody tr");
    assert_eq!(changes.len(), 15);
    let change_search = browser.find("#changes-search");
    // The action as the page shows it (連携先のみ = target-only).
    browser.type_into(&change_search, "連携先のみ");
    let shown = changes.iter().filter(|r| browser.displayed(r)).count();
    assert_eq!(
        shown, 2,
        "one target-only department, one target-only employee"
    );
}

#[test]
fn chromium_shows_injected_markup_as_text_and_runs_none_of_it() {
    if !browser_available("chromium_shows_injected_markup_as_text_and_runs_none_of_it") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = hostile_run(dir.path(), &[]);
    let driver = Driver::start();
    let browser = Session::new(&driver);
    browser.open(&out.join("report.html"));
    runs_nothing_and_shows_markup_as_text(&browser);
    let rows: Vec<String> = browser
        .find_all("#exclusions tbody tr")
        .iter()
        .map(|r| browser.text(r))
        .collect();
    assert!(
        rows.iter()
            .any(|t| t.contains("<script>window.__pwned=1</script>")),
        "{rows:#?}"
    );
    let changes: Vec<String> = browser
        .find_all("#changes tbody tr")
        .iter()
        .map(|r| browser.text(r))
        .collect();
    assert!(
        changes
            .iter()
            .any(|t| t.contains("\" onmouseover=\"window.__pwned=2")),
        "{changes:#?}"
    );
}

/// The report of the diagnostic bundle (`--redact`): the names that carried markup are tokens
/// now; the department that carries it is still shown, as text.
#[test]
fn chromium_runs_nothing_from_the_redacted_bundle() {
    if !browser_available("chromium_runs_nothing_from_the_redacted_bundle") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = hostile_run(dir.path(), &["--redact"]);
    let bundle = std::fs::File::open(out.join("diagnostic.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(bundle).unwrap();
    let page = dir.path().join("bundle-report.html");
    let mut html = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name("report.html").unwrap(), &mut html).unwrap();
    std::fs::write(&page, html).unwrap();
    let driver = Driver::start();
    let browser = Session::new(&driver);
    browser.open(&page);
    runs_nothing_and_shows_markup_as_text(&browser);
}

fn runs_nothing_and_shows_markup_as_text(browser: &Session) {
    assert_no_injected_code_runs(browser);
    assert_eq!(browser.script("return document.images.length;"), json!(0));
    let d2 = browser.find("li[data-code=\"D2\"]");
    assert!(browser
        .text(&d2)
        .contains("<img src=x onerror=window.__pwned=3>課"));
}

/// Run reconcile on inputs that carry markup in names and a department; returns `--out`.
fn hostile_run(dir: &Path, extra: &[&str]) -> PathBuf {
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let employees = write(
        "employees.csv",
        "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,主部署\n\
         1,<script>window.__pwned=1</script>,太郎,,タロウ,a@example.com,D1\n\
         2,\"\"\" onmouseover=\"\"window.__pwned=2\",花子,ヤマダ,ハナコ,b@example.com,D2\n",
    );
    let departments = write(
        "departments.csv",
        "部署項目名,組織情報コード,1階層上位の部署\n\
         営業部,D1,\n\
         <img src=x onerror=window.__pwned=3>課,D2,営業部\n",
    );
    let current_employees = write(
        "current_employees.csv",
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス\n",
    );
    let current_departments = write(
        "current_departments.csv",
        "部署コード,部署名,親部署コード\n",
    );
    let out = dir.join("out");
    reconcile_with(
        [
            &employees,
            &departments,
            &current_employees,
            &current_departments,
        ],
        &out,
        extra,
    );
    out
}

#[test]
fn chromium_shows_verify_counts_and_filters_and_runs_no_injected_markup() {
    if !browser_available("chromium_shows_verify_counts_and_filters_and_runs_no_injected_markup") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = samples();
    let plan = dir.path().join("plan");
    reconcile_samples(&plan);
    // ミキワメ after the import, with markup typed by hand into a record the plan left alone.
    let after = std::fs::read_to_string(s.join("mikiwame/after/employees.csv"))
        .unwrap()
        .replace(
            "1005,鈴木,一郎",
            "1005,<script>window.__pwned=1</script>,\"\"\" onmouseover=\"\"window.__pwned=2\"",
        );
    let employees = dir.path().join("after_employees.csv");
    std::fs::write(&employees, after).unwrap();
    let out = dir.path().join("verified");
    let output = Command::new(env!("CARGO_BIN_EXE_meibo"))
        .args(["verify", "--plan"])
        .arg(&plan)
        .arg("--current-employees")
        .arg(&employees)
        .arg("--current-departments")
        .arg(s.join("mikiwame/after/departments.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("meibo runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = summary(&out);
    let driver = Driver::start();
    let browser = Session::new(&driver);
    browser.open(&out.join("report.html"));

    assert_no_injected_code_runs(&browser);
    for kind in ["departments", "employees"] {
        for (result, expected) in summary["counts"][kind].as_object().unwrap() {
            let cell = browser.find(&format!("[data-count=\"{kind}.{result}\"]"));
            assert_eq!(
                count_text(&browser.text(&cell)),
                expected.as_u64().unwrap(),
                "{kind}.{result}"
            );
        }
    }
    let bars = browser.find_all("#reason-chart g[data-reason]");
    assert_eq!(bars.len(), 2, "not-applied and unplanned-change");

    let rows = browser.find_all("#verify tbody tr");
    let lines = std::fs::read_to_string(out.join("verify.csv")).unwrap();
    assert_eq!(rows.len(), lines.lines().count() - 1);
    let texts: Vec<String> = rows.iter().map(|r| browser.text(r)).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("<script>window.__pwned=1</script>")
                && t.contains("unplanned-change")),
        "{texts:#?}"
    );
    let search = browser.find("#verify-search");
    browser.type_into(&search, "NOT-APPLIED");
    let visible: Vec<&String> = (0..rows.len())
        .filter(|&i| browser.displayed(&rows[i]))
        .map(|i| &texts[i])
        .collect();
    assert_eq!(visible.len(), 1, "{visible:#?}");
    assert!(visible[0].contains("aya.kimura@example.co.jp"));
    assert_eq!(browser.text(&browser.find("#verify-shown")), "1");
    browser.clear(&search);
    assert!(rows.iter().all(|r| browser.displayed(r)));
}

// ---------------------------------------------------------------------------------------------
// A million employees.

/// Writes an HRBrain export of `employees` rows (1,000 departments, 1 % without a reading,
/// 0.1 % sharing an address) and a ミキワメ export holding 90 % of them (one in ten with another
/// position) plus 5,000 who have left the HR system.
fn write_million(dir: &Path, employees: usize) -> [PathBuf; 4] {
    let paths = [
        dir.join("employees.csv"),
        dir.join("departments.csv"),
        dir.join("current_employees.csv"),
        dir.join("current_departments.csv"),
    ];
    let create = |p: &Path| BufWriter::with_capacity(1 << 20, std::fs::File::create(p).unwrap());
    let mut departments = create(&paths[1]);
    let mut current_departments = create(&paths[3]);
    writeln!(departments, "部署項目名,組織情報コード,1階層上位の部署").unwrap();
    writeln!(current_departments, "部署コード,部署名,親部署コード").unwrap();
    for division in 0..10 {
        writeln!(departments, "第{division}本部,H{division:02},").unwrap();
        writeln!(current_departments, "H{division:02},第{division}本部,").unwrap();
        for section in 0..99 {
            let code = format!("S{division:02}{section:02}");
            writeln!(
                departments,
                "第{division}本部第{section}課,{code},第{division}本部"
            )
            .unwrap();
            if section % 10 != 0 {
                writeln!(
                    current_departments,
                    "{code},第{division}本部第{section}課,H{division:02}"
                )
                .unwrap();
            }
        }
    }
    departments.flush().unwrap();
    current_departments.flush().unwrap();

    let mut source = create(&paths[0]);
    let mut current = create(&paths[2]);
    writeln!(
        source,
        "従業員番号,氏,名,氏（カナ）,名（カナ）,メールアドレス,生年月日,性別,入社日,在籍状況,雇用形態,主部署,役職・職位"
    )
    .unwrap();
    writeln!(
        current,
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ"
    )
    .unwrap();
    for i in 0..employees {
        let department = format!("S{:02}{:02}", i % 10, (i / 10) % 99);
        let kana = if i % 100 == 7 { "" } else { "ヤマダ" };
        let email = if i % 1000 == 3 {
            format!("shared{}@example.com", i / 2000)
        } else {
            format!("e{i}@example.com")
        };
        writeln!(
            source,
            "{},山田,太郎{i},{kana},タロウ,{email},1990/01/01,男性,2015/04/01,在籍中,正社員,{department},主任",
            100_000 + i
        )
        .unwrap();
        if i % 10 != 9 {
            let position = if i % 10 == 1 { "係長" } else { "主任" };
            writeln!(
                current,
                "{},山田,太郎{i},ヤマダ,タロウ,{email},1990/01/01,男性,{department},{position},正社員,2015/04/01,,0",
                100_000 + i
            )
            .unwrap();
        }
    }
    for j in 0..5_000 {
        writeln!(
            current,
            "{},鈴木,花子{j},スズキ,ハナコ,left{j}@example.com,1990/01/01,女性,H00,,正社員,2010/04/01,,0",
            900_000_000 + j
        )
        .unwrap();
    }
    source.flush().unwrap();
    current.flush().unwrap();
    paths
}

#[test]
#[ignore = "writes ~300 MB and takes minutes; run with --release -- --ignored"]
fn million_employees_report_stays_light() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let [a, b, c, d] = write_million(dir.path(), 1_000_000);
    eprintln!("generated inputs in {:.1?}", started.elapsed());
    let out = dir.path().join("out");
    let started = Instant::now();
    let output = reconcile([&a, &b, &c, &d], &out);
    let elapsed = started.elapsed();
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    let size = std::fs::metadata(out.join("report.html")).unwrap().len();
    eprintln!(
        "meibo reconcile on 1,000,000 employees: {elapsed:.1?}; report.html {size} bytes ({:.2} MB)",
        size as f64 / 1_000_000.0
    );
    assert!(size < 5_000_000, "report.html is {size} bytes");
    let summary = summary(&out);
    assert_eq!(summary["inputs"][0]["rows"], json!(1_000_000));

    if !browser_available("million_employees_report_stays_light (browser part)") {
        return;
    }
    let driver = Driver::start();
    let browser = Session::new(&driver);
    let started = Instant::now();
    browser.open(&out.join("report.html"));
    eprintln!("Chromium loaded report.html in {:.1?}", started.elapsed());
    for kind in ["departments", "employees"] {
        for (action, expected) in summary["counts"][kind].as_object().unwrap() {
            let cell = browser.find(&format!("[data-count=\"{kind}.{action}\"]"));
            assert_eq!(count_text(&browser.text(&cell)), expected.as_u64().unwrap());
        }
    }
    assert_eq!(
        browser.script("return document.querySelectorAll('#exclusions tbody tr').length;"),
        json!(2000)
    );
    let note = browser.text(&browser.find("#exclusions-limit"));
    assert!(note.contains("exclusions.csv"), "{note}");
    let search = browser.find("#exclusions-search");
    browser.type_into(&search, "duplicate-email");
    let shown = count_text(&browser.text(&browser.find("#exclusions-shown")));
    assert!(shown > 0 && shown < 2000, "{shown}");
}
