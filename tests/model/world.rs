//! A seeded generator of small hostile worlds for ミキワメ: an HRBrain employee and department
//! export and ミキワメ's current exports, written as the files a customer would hand over.
//! Duplicate and near-duplicate names (width, spaces), codes in both widths, blank and repeated
//! codes, parents by code, by name and unknown, loops, chains deeper than ten levels, references
//! of every spelling (code, 名前(コード), paths with / ＞ and spaces, bare names), e-mails
//! differing in case and width, business names, retirees and missing optional columns.

/// A small deterministic generator (splitmix64): the same seed, the same world, on any machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NAMES: &[&str] = &[
    "営業部",
    "開発部",
    "第一課",
    "第一課",
    "第二課",
    "総務",
    "営業 部",
    "第１課",
    "Ａ課",
    "A課",
];
const CODES: &[&str] = &["D1", "D2", "D3", "D4", "D5", "D6", "Ｄ１", "d1"];
const EMAILS: &[&str] = &[
    "a@example.co.jp",
    "A@Example.co.jp",
    "ａ@example.co.jp",
    "b@example.co.jp",
    "c@example.co.jp",
    "d@example.co.jp",
    "not-an-email",
    "x..y@example.co.jp",
    "",
];

/// One world: (file name, contents) of the four inputs.
pub struct World {
    pub files: Vec<(&'static str, String)>,
}

fn csv_cell(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn line(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    cells.join(",") + "\n"
}

pub fn generate(seed: u64) -> World {
    let mut rng = Rng::new(seed);
    let code = |rng: &mut Rng| rng.pick(CODES).to_string();
    let name = |rng: &mut Rng| rng.pick(NAMES).to_string();

    // ミキワメ's departments.
    let mut current_departments = String::from("部署コード,部署名,親部署コード\n");
    for _ in 0..1 + rng.below(4) {
        let parent = if rng.chance(50) {
            String::new()
        } else {
            code(&mut rng)
        };
        current_departments += &line(&[code(&mut rng), name(&mut rng), parent]);
    }

    // The HR export's departments: HRBrain's (parent by code or by name, sometimes unknown), or
    // SmartHR's level layout (each row its path from the root).
    let mut departments = String::from("部署項目名,組織情報コード,1階層上位の部署\n");
    if rng.chance(30) {
        let mut departments = String::from("code,level1,level2,level3,level4\n");
        for _ in 0..1 + rng.below(7) {
            let mut cells = vec![if rng.chance(10) {
                String::new()
            } else {
                code(&mut rng)
            }];
            for level in 0..4 {
                let filled = level == 0 || rng.chance(50) && cells.len() == level + 1;
                cells.push(if filled {
                    name(&mut rng)
                } else {
                    String::new()
                });
            }
            departments += &line(&cells);
        }
        return finish(&mut rng, departments, current_departments);
    }
    if rng.chance(10) {
        // A chain deeper than ミキワメ allows.
        for level in 1..=(9 + rng.below(4)) {
            let parent = if level == 1 {
                String::new()
            } else {
                format!("L{}", level - 1)
            };
            departments += &line(&[format!("階層{level}"), format!("L{level}"), parent]);
        }
    }
    for _ in 0..1 + rng.below(7) {
        let own_code = match rng.below(10) {
            0 => String::new(),
            _ => code(&mut rng),
        };
        let parent = match rng.below(6) {
            0 | 1 => String::new(),
            2 | 3 => code(&mut rng),
            4 => name(&mut rng),
            _ => "存在しない部".to_string(),
        };
        departments += &line(&[name(&mut rng), own_code, parent]);
    }

    finish(&mut rng, departments, current_departments)
}

/// The employee files of a world whose department files are made.
fn finish(rng: &mut Rng, departments: String, current_departments: String) -> World {
    let code = |rng: &mut Rng| rng.pick(CODES).to_string();
    let name = |rng: &mut Rng| rng.pick(NAMES).to_string();
    // ミキワメ's employees.
    let mut current = String::from(
        "社員番号,氏名（姓）,氏名（名）,姓（カナ）,名（カナ）,メールアドレス,生年月日,性別,所属部署,役職,雇用形態,入社日,退職日,退職者フラグ\n",
    );
    for i in 0..1 + rng.below(3) {
        let email = rng.pick(&EMAILS[..6]).to_string();
        let department = if rng.chance(70) {
            code(rng)
        } else {
            String::new()
        };
        let retired = rng.pick(&["0", "1", ""]).to_string();
        current += &line(&[
            format!("{}", 900 + i),
            rng.pick(&["山田", "佐藤"]).to_string(),
            "太郎".into(),
            "ヤマダ".into(),
            rng.pick(&["タロウ", ""]).to_string(),
            email,
            String::new(),
            String::new(),
            department,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            retired,
        ]);
    }

    // The HR export's employees; some optional columns missing.
    let with_given_kana = rng.chance(80);
    let with_department = rng.chance(90);
    let with_status = rng.chance(50);
    let with_business = rng.chance(30);
    let mut header = vec!["従業員番号", "氏", "名", "氏（カナ）"];
    if with_given_kana {
        header.push("名（カナ）");
    }
    header.push("メールアドレス");
    if with_department {
        header.push("主部署");
    }
    if with_status {
        header.push("在籍状況");
    }
    if with_business {
        header.extend(["ビジネスネーム（氏）", "ビジネスネーム（氏カナ）"]);
    }
    let mut employees = header.join(",") + "\n";
    for i in 0..1 + rng.below(6) {
        let mut cells = vec![
            format!("{}", 100 + i),
            rng.pick(&["山田", "佐藤", "", "山田"]).to_string(),
            rng.pick(&["太郎", "花子", ""]).to_string(),
            rng.pick(&["ヤマダ", "やまだ", "", "ｻﾄｳ"]).to_string(),
        ];
        if with_given_kana {
            cells.push(rng.pick(&["タロウ", "", "はなこ"]).to_string());
        }
        cells.push(rng.pick(EMAILS).to_string());
        if with_department {
            let a = name(rng);
            let b = name(rng);
            let reference = match rng.below(10) {
                0 => String::new(),
                1 => code(rng),
                2 => format!("{a}({})", code(rng)),
                3 => format!("{a}/{b}"),
                4 => format!("{a} ＞ {b}"),
                5 => format!("{a} {b}"),
                6 => "存在しない課".to_string(),
                7 => format!("({})", code(rng)),
                _ => a,
            };
            cells.push(reference);
        }
        if with_status {
            cells.push(rng.pick(&["", "在籍中", "退職済み"]).to_string());
        }
        if with_business {
            cells.push(rng.pick(&["", "", "鈴木"]).to_string());
            cells.push(rng.pick(&["", "スズキ"]).to_string());
        }
        employees += &line(&cells);
    }

    World {
        files: vec![
            ("hr.csv", employees),
            ("deps.csv", departments),
            ("current.csv", current),
            ("current_deps.csv", current_departments),
        ],
    }
}

/// A KiteRa world: SmartHR employees, KiteRa's users, and the flags of the run.
pub struct KiteraWorld {
    pub files: Vec<(&'static str, String)>,
    pub sso: bool,
    pub allowed_domains: Vec<&'static str>,
    pub user_limit: Option<usize>,
}

pub fn generate_kitera(seed: u64) -> KiteraWorld {
    let mut rng = Rng::new(seed ^ 0x4b49_5445_5241);
    const CODES: &[&str] = &[
        "1001",
        "1002",
        "1003",
        "A-1",
        "１００４",
        "10_5",
        "",
        "1001",
        "1002",
    ];
    // KiteRa's user import columns (docs/layouts/kitera.md), every user with a 役割.
    let mut current = String::from("従業員コード,メールアドレス,名前,役割,認証方法\n");
    for _ in 0..rng.below(5) {
        current += &line(&[
            rng.pick(&CODES[..4]).to_string(),
            rng.pick(&EMAILS[..6]).to_string(),
            rng.pick(&["山田 太郎", "佐藤", "山田 花子"]).to_string(),
            rng.pick(&["管理者", "メンバー", "担当者"]).to_string(),
            rng.pick(&["パスワード", "SSO", "password", ""]).to_string(),
        ]);
    }
    let with_status = rng.chance(80);
    let mut hr = String::from("社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス");
    hr += if with_status { ",在籍状況\n" } else { "\n" };
    for _ in 0..1 + rng.below(7) {
        let mut cells = vec![
            rng.pick(CODES).to_string(),
            rng.pick(&["山田", "佐藤", ""]).to_string(),
            rng.pick(&["太郎", "花子", ""]).to_string(),
            "ヤマダ".to_string(),
            "タロウ".to_string(),
            rng.pick(&[EMAILS, &["e@other.jp", "E@EXAMPLE.CO.JP"]].concat())
                .to_string(),
        ];
        if with_status {
            cells.push(rng.pick(&["", "在籍中", "退職済み"]).to_string());
        }
        hr += &line(&cells);
    }
    KiteraWorld {
        files: vec![("hr.csv", hr), ("users.csv", current)],
        sso: rng.chance(30),
        allowed_domains: if rng.chance(40) {
            vec!["example.co.jp"]
        } else {
            Vec::new()
        },
        user_limit: rng.chance(60).then(|| rng.below(6)),
    }
}

/// A クラウド法人名刺 world: SmartHR employees (部署1 a reference of any spelling) and departments,
/// 名刺's groups (グループ1 among them) and 社員リスト.
pub fn generate_meishi(seed: u64) -> Vec<(&'static str, String)> {
    let mut rng = Rng::new(seed ^ 0x4d45_4953_4849);
    let code = |rng: &mut Rng| rng.pick(CODES).to_string();
    let name = |rng: &mut Rng| rng.pick(NAMES).to_string();
    let mut groups = String::from("グループコード,グループ名,親グループコード\n,グループ1,\n");
    for _ in 0..rng.below(4) {
        let parent = if rng.chance(60) {
            String::new()
        } else {
            code(&mut rng)
        };
        groups += &line(&[code(&mut rng), name(&mut rng), parent]);
    }
    let mut departments = String::from("部署コード,部署名,親部署コード\n");
    for _ in 0..1 + rng.below(6) {
        let own = if rng.chance(10) {
            String::new()
        } else {
            code(&mut rng)
        };
        let parent = match rng.below(4) {
            0 | 1 => String::new(),
            2 => code(&mut rng),
            _ => name(&mut rng),
        };
        departments += &line(&[own, name(&mut rng), parent]);
    }
    let mut current = String::from("社員ID,姓,名,メールアドレス,グループコード,グループ名\n");
    for _ in 0..rng.below(4) {
        let group = code(&mut rng);
        current += &line(&[
            rng.pick(&["1001", "12", "ABCD1234", "1002", "X-9", "-100", ""])
                .to_string(),
            "山田".into(),
            "太郎".into(),
            rng.pick(&EMAILS[..6]).to_string(),
            group,
            name(&mut rng),
        ]);
    }
    let mut hr = String::from(
        "社員番号,姓,名,姓（ヨミガナ）,名（ヨミガナ）,メールアドレス,生年月日,部署1\n",
    );
    for _ in 0..1 + rng.below(6) {
        let a = name(&mut rng);
        let b = name(&mut rng);
        let reference = match rng.below(7) {
            0 => String::new(),
            1 => code(&mut rng),
            2 => format!("{a}/{b}"),
            3 => format!("{a}({})", code(&mut rng)),
            4 => "存在しない課".to_string(),
            _ => a,
        };
        hr += &line(&[
            rng.pick(&[
                "1001",
                "1002",
                "12",
                "",
                "a b",
                "1001",
                "-100",
                "A.b_c",
                "x@y.z",
                "1234567890123456789012345",
                "１００３",
                "X-9",
            ])
            .to_string(),
            rng.pick(&["山田", "佐藤", ""]).to_string(),
            "太郎".into(),
            "ヤマダ".into(),
            "タロウ".into(),
            rng.pick(EMAILS).to_string(),
            rng.pick(&["1990/01/02", "", "1985/3/4"]).to_string(),
            reference,
        ]);
    }
    vec![
        ("hr.csv", hr),
        ("deps.csv", departments),
        ("members.csv", current),
        ("groups.csv", groups),
    ]
}

/// A kaonavi world: a ロウムメイト export, kaonavi's member export, and the 連携対象者設定 flags
/// (each flag's spelling with the date it means).
pub struct KaonaviWorld {
    pub files: Vec<(&'static str, String)>,
    pub employment_types: Vec<&'static str>,
    pub hired_from: Option<(&'static str, chrono::NaiveDate)>,
    pub hired_until: Option<(&'static str, chrono::NaiveDate)>,
    /// The `[genders]` table of `--mapping` (none when empty): value written → kaonavi option.
    pub genders: Vec<(&'static str, &'static str)>,
}

/// 入社日 and 生年月日 as people write them: plain, padded or not, era, compact, unreadable.
const DATES: &[&str] = &[
    "2015-04-01",
    "2015/4/1",
    "H27.4.1",
    "平成27年4月1日",
    "20200101",
    "2019年12月31日",
    "R2.1.1",
    "2019/12/31",
    "２０２０／０１／０２",
    "2020-02-30",
    "不明",
    "",
    "",
];
/// The flags' dates: (as written on the command line, the day meant).
const FLAG_DATES: &[(&str, (i32, u32, u32))] = &[
    ("2015/04/01", (2015, 4, 1)),
    ("2019-12-31", (2019, 12, 31)),
    ("R2.1.1", (2020, 1, 1)),
    ("2020年1月2日", (2020, 1, 2)),
];

pub fn generate_kaonavi(seed: u64) -> KaonaviWorld {
    let mut rng = Rng::new(seed ^ 0x4b41_4f4e_4156);
    const NUMBERS: &[&str] = &[
        "1001",
        "1002",
        "1003",
        "１００４",
        " 1005",
        "",
        "1001",
        "1002",
    ];
    let flag_date = |rng: &mut Rng| {
        let (text, (y, m, d)) = FLAG_DATES[rng.below(FLAG_DATES.len())];
        (text, chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
    };
    let employment_types: Vec<&str> = match rng.below(4) {
        0 => vec!["正社員"],
        1 => vec!["正社員", " 契約社員"],
        _ => Vec::new(),
    };
    let mut hired_from = rng.chance(35).then(|| flag_date(&mut rng));
    let mut hired_until = rng.chance(35).then(|| flag_date(&mut rng));
    if let (Some(from), Some(until)) = (hired_from, hired_until) {
        if from.1 > until.1 {
            (hired_from, hired_until) = (Some(until), Some(from));
        }
    }
    // Optional columns dropped per world (雇用形態 and 入社日 kept when a flag reads them).
    let with_gender = rng.chance(80);
    let with_birth = rng.chance(75);
    let with_hire = rng.chance(75) || hired_from.is_some() || hired_until.is_some();
    let with_type = rng.chance(75) || !employment_types.is_empty();
    let with_business = rng.chance(25);
    let mut header = vec!["社員番号", "姓", "名", "姓（ヨミガナ）", "名（ヨミガナ）"];
    if with_business {
        header.extend(["ビジネスネーム", "ビジネスネーム（ヨミガナ）"]);
    }
    header.push("メールアドレス");
    for (with, column) in [
        (with_birth, "生年月日"),
        (with_gender, "性別"),
        (with_hire, "入社日"),
    ] {
        if with {
            header.push(column);
        }
    }
    header.extend(["従業員ステータス", "状況"]);
    if with_type {
        header.push("雇用形態");
    }
    let unmapped = rng.chance(4);
    let genders = match rng.chance(30) {
        true => vec![("男", "男性"), ("その他", "その他")],
        false => Vec::new(),
    };
    let mut hr = header.join(",") + "\n";
    for _ in 0..1 + rng.below(8) {
        let mut cells: Vec<String> = [
            rng.pick(NUMBERS),
            rng.pick(&["山本", "中村", "", "山本"]),
            rng.pick(&["翔太", "大輔", ""]),
            rng.pick(&["ヤマモト", "ﾅｶﾑﾗ", ""]),
            rng.pick(&["ショウタ", ""]),
        ]
        .map(String::from)
        .to_vec();
        if with_business {
            cells.push(rng.pick(&["", "", "鈴木"]).into());
            cells.push(rng.pick(&["", "スズキ"]).into());
        }
        cells.push(rng.pick(EMAILS).into());
        if with_birth {
            cells.push(rng.pick(DATES).into());
        }
        if with_gender {
            let gender = if unmapped && rng.chance(30) {
                "未回答"
            } else {
                rng.pick(&["男性", "女性", "", "男", "その他"][..3 + genders.len()])
            };
            cells.push(gender.into());
        }
        if with_hire {
            cells.push(rng.pick(DATES).into());
        }
        cells.push(
            rng.pick(&[
                "在籍",
                "在籍",
                "在籍",
                "在籍",
                "退職",
                "応募者",
                "休職",
                "",
                " 退職",
            ])
            .into(),
        );
        cells.push(
            rng.pick(&[
                "データ入力完了",
                "データ入力完了",
                "入力中",
                "",
                "データ入力完了 ",
            ])
            .into(),
        );
        if with_type {
            cells.push(
                rng.pick(&["正社員", "契約社員", "パート", " 正社員", ""])
                    .into(),
            );
        }
        hr += &line(&cells);
    }

    let current_columns: Vec<&str> = ["生年月日", "性別", "入社日"]
        .into_iter()
        .filter(|_| rng.chance(75))
        .collect();
    let mut members = ["社員番号", "氏名", "フリガナ", "メールアドレス"].join(",");
    for column in &current_columns {
        members += &format!(",{column}");
    }
    members += "\n";
    for _ in 0..rng.below(5) {
        let mut cells: Vec<String> = [
            rng.pick(&NUMBERS[..5]),
            rng.pick(&["山本 翔太", "中村 大輔", "山本"]),
            rng.pick(&["ヤマモト ショウタ", "ナカムラ"]),
            rng.pick(&EMAILS[..6]),
        ]
        .map(String::from)
        .to_vec();
        for column in &current_columns {
            cells.push(match *column {
                "性別" => rng.pick(&["男性", "女性", ""]).into(),
                _ => rng.pick(&DATES[..9]).into(),
            });
        }
        members += &line(&cells);
    }
    KaonaviWorld {
        files: vec![("hr.csv", hr), ("members.csv", members)],
        employment_types,
        hired_from,
        hired_until,
        genders,
    }
}
