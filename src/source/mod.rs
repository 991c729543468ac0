//! Which system wrote a table, and which column holds which field (docs/reading.md: headers and
//! aliases).
//!
//! Headers are compared after [`header_key`]; each profile lists its fields' aliases. Detection
//! picks the profile whose required headers are all present and that explains the most columns;
//! failure names the headers found and the nearest profile.

pub mod mapping;
pub mod profiles;
pub mod records;

use anyhow::{bail, Result};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use crate::input::Table;
use crate::lang::Lang;
pub use mapping::Mapping;
pub use profiles::{Profile, PROFILES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    SmartHr,
    Kaonavi,
    HrBrain,
    Roumumate,
    Mikiwame,
    /// クラウド法人名刺 (docs/receivers/meishi.md): receives SmartHR's departments as groups and its
    /// employees.
    Meishi,
    /// KiteRa (docs/receivers/kitera.md): receives SmartHR's employees as users.
    Kitera,
}

impl System {
    /// Every system, for what lists them all (the report's labels, their tests).
    pub const ALL: [System; 7] = [
        System::SmartHr,
        System::Kaonavi,
        System::HrBrain,
        System::Roumumate,
        System::Mikiwame,
        System::Meishi,
        System::Kitera,
    ];
    pub fn id(self) -> &'static str {
        match self {
            System::SmartHr => "smarthr",
            System::Kaonavi => "kaonavi",
            System::HrBrain => "hrbrain",
            System::Roumumate => "roumumate",
            System::Mikiwame => "mikiwame",
            System::Meishi => "meishi",
            System::Kitera => "kitera",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            System::SmartHr => "SmartHR",
            System::Kaonavi => "kaonavi",
            System::HrBrain => "HRBrain",
            System::Roumumate => "ロウムメイト",
            System::Mikiwame => "ミキワメ",
            System::Meishi => "クラウド法人名刺",
            System::Kitera => "KiteRa",
        }
    }
    /// The product's name as its maker spells it in `lang`: カオナビ in Japanese, kaonavi in
    /// English (the others are spelt one way in both).
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            System::Kaonavi => lang.pick("カオナビ", "kaonavi"),
            _ => self.label(),
        }
    }
    /// An HR system whose exports are reconcile sources (the others only receive data).
    pub fn is_hr(self) -> bool {
        matches!(
            self,
            System::SmartHr | System::Kaonavi | System::HrBrain | System::Roumumate
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Employees,
    Departments,
    /// One department a row with its path from the root in numbered level columns: SmartHR's
    /// `code, level1…level10`, kaonavi's 所属ツリー `所属1コード, 所属名1, 所属2コード, 所属名2…`.
    DepartmentLevels,
    Results,
}

impl Role {
    pub fn id(self) -> &'static str {
        match self {
            Role::Employees => "employees",
            Role::Departments => "departments",
            Role::DepartmentLevels => "departments (levels)",
            Role::Results => "results",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Employees => lang.pick("社員", "employees"),
            Role::Departments => lang.pick("部署", "departments"),
            Role::DepartmentLevels => lang.pick("部署（階層列）", "departments (level columns)"),
            Role::Results => lang.pick("性格検査結果", "personality results"),
        }
    }
}

/// How much a profile needs a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Missing header → error (exit 2).
    Required,
    /// Missing header → warning `header-missing`; the field is neither compared nor overwritten.
    Optional,
    /// Missing header → nothing to say (business names, alternatives).
    Extra,
}

macro_rules! fields {
    ($( $name:ident = $id:literal ),* $(,)?) => {
        /// A canonical field of meibo's model. The id is what `--map FIELD=HEADER` takes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $( $name ),* }
        impl Field {
            pub const ALL: &'static [Field] = &[ $( Field::$name ),* ];
            pub fn id(self) -> &'static str {
                match self { $( Field::$name => $id ),* }
            }
            pub fn from_id(id: &str) -> Option<Field> {
                let wanted = id.trim().to_ascii_lowercase().replace('-', "_");
                Self::ALL.iter().copied().find(|f| f.id() == wanted)
            }
        }
    };
}

fields! {
    EmployeeNumber = "employee_number",
    FamilyName = "family_name",
    GivenName = "given_name",
    FullName = "full_name",
    FamilyKana = "family_kana",
    GivenKana = "given_kana",
    FullKana = "full_kana",
    BusinessFamilyName = "business_family_name",
    BusinessGivenName = "business_given_name",
    BusinessFamilyKana = "business_family_kana",
    BusinessGivenKana = "business_given_kana",
    BusinessName = "business_name",
    BusinessKana = "business_kana",
    Email = "email",
    BirthDate = "birth_date",
    Gender = "gender",
    HireDate = "hire_date",
    EmploymentStatus = "employment_status",
    EntryStatus = "entry_status",
    RetirementDate = "retirement_date",
    RetiredFlag = "retired_flag",
    Department = "department",
    Department2 = "department2",
    Department3 = "department3",
    Department4 = "department4",
    Department5 = "department5",
    Department6 = "department6",
    Department7 = "department7",
    Department8 = "department8",
    Department9 = "department9",
    Department10 = "department10",
    DepartmentCode = "department_code",
    DepartmentName = "department_name",
    Parent = "parent",
    Position = "position",
    EmploymentType = "employment_type",
    Level1 = "level1",
    Level2 = "level2",
    Level3 = "level3",
    Level4 = "level4",
    Level5 = "level5",
    Level6 = "level6",
    Level7 = "level7",
    Level8 = "level8",
    Level9 = "level9",
    Level10 = "level10",
    Level11 = "level11",
    Level12 = "level12",
    Level1Code = "level1_code",
    Level2Code = "level2_code",
    Level3Code = "level3_code",
    Level4Code = "level4_code",
    Level5Code = "level5_code",
    Level6Code = "level6_code",
    Level7Code = "level7_code",
    Level8Code = "level8_code",
    Level9Code = "level9_code",
    Level10Code = "level10_code",
    Level11Code = "level11_code",
    Level12Code = "level12_code",
    ExamDate = "exam_date",
    Type16 = "type16",
    DetailUrl = "detail_url",
    LoginMethod = "login_method",
    Role = "role",
}

impl Field {
    /// SmartHR's 部署1…部署10: an employee's departments (main first), each a path.
    pub const DEPARTMENTS: [Field; 10] = [
        Field::Department,
        Field::Department2,
        Field::Department3,
        Field::Department4,
        Field::Department5,
        Field::Department6,
        Field::Department7,
        Field::Department8,
        Field::Department9,
        Field::Department10,
    ];
    pub const LEVELS: [Field; 12] = [
        Field::Level1,
        Field::Level2,
        Field::Level3,
        Field::Level4,
        Field::Level5,
        Field::Level6,
        Field::Level7,
        Field::Level8,
        Field::Level9,
        Field::Level10,
        Field::Level11,
        Field::Level12,
    ];
    /// kaonavi's 所属ツリー: the code beside each level's name (`所属Nコード` / `所属名N`).
    pub const LEVEL_CODES: [Field; 12] = [
        Field::Level1Code,
        Field::Level2Code,
        Field::Level3Code,
        Field::Level4Code,
        Field::Level5Code,
        Field::Level6Code,
        Field::Level7Code,
        Field::Level8Code,
        Field::Level9Code,
        Field::Level10Code,
        Field::Level11Code,
        Field::Level12Code,
    ];
}

/// Normalise a header for comparison: NFKC, no whitespace, and brackets, colons and underscores
/// dropped so that `ビジネスネーム：姓`, `ビジネスネーム（姓）` and `ビジネスネーム (姓)` compare equal.
pub fn header_key(header: &str) -> String {
    header
        .nfkc()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')' | ':' | '_' | '【' | '】' | '[' | ']' | '\u{FEFF}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        // Dropping characters can leave combining marks out of canonical order: normalise again
        // so that a key is its own key (found by the `headers` fuzz target).
        .nfkc()
        .collect()
}

/// The result of fitting a table's headers to one profile.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    pub profile: &'static Profile,
    /// field → column index (looked up for every cell read: FxHash, not SipHash)
    pub columns: FxHashMap<Field, usize>,
    pub missing_required: Vec<Field>,
    /// Optional fields without a column (warning `header-missing`).
    pub missing_optional: Vec<Field>,
    /// Columns that fill no field.
    pub unused: Vec<usize>,
    /// A second column for a field already filled (an error once this profile is chosen:
    /// docs/reading.md).
    pub duplicate: Option<(Field, usize)>,
    /// Other profiles that fit equally well (identical layouts, e.g. SmartHR and ミキワメ 部署).
    pub also_fits: Vec<&'static Profile>,
}

impl HeaderMap {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(&field).copied()
    }
    pub fn has(&self, field: Field) -> bool {
        self.columns.contains_key(&field)
    }
}

/// Fit `headers` to `profile`. `Err` only for a header that appears twice for one field.
pub fn fit(
    profile: &'static Profile,
    headers: &[String],
    mapping: &Mapping,
    required: Option<&[Field]>,
) -> Result<HeaderMap> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut columns = FxHashMap::default();
    let mut used = vec![false; headers.len()];
    let mut duplicate = None;
    for spec in profile.fields {
        // A header the user named replaces the layout's own spellings in a file that has it;
        // other files (the receiving system's export read in the same run) keep their own.
        let mut aliases: Vec<String> = mapping.headers_for(spec.field).map(header_key).collect();
        if !aliases.iter().any(|alias| keys.contains(alias)) {
            aliases.clear();
            aliases.extend(spec.aliases.iter().map(|a| header_key(a)));
        }
        let mut chosen: Option<usize> = None;
        for alias in &aliases {
            for column in 0..keys.len() {
                if &keys[column] != alias || used[column] {
                    continue;
                }
                if chosen.is_none() {
                    chosen = Some(column);
                } else if duplicate.is_none() {
                    duplicate = Some((spec.field, column));
                }
                used[column] = true;
            }
        }
        if let Some(column) = chosen {
            columns.insert(spec.field, column);
        }
    }
    let required: Vec<Field> = match required {
        Some(list) => list.to_vec(),
        None => profile
            .fields
            .iter()
            .filter(|s| s.need == Need::Required)
            .map(|s| s.field)
            .collect(),
    };
    let missing_required = required
        .iter()
        .copied()
        .filter(|f| !columns.contains_key(f))
        .collect();
    let missing_optional = profile
        .fields
        .iter()
        .filter(|s| {
            s.need == Need::Optional
                && !required.contains(&s.field)
                && !columns.contains_key(&s.field)
        })
        .filter(|s| {
            !profile.alternatives.iter().any(|&(a, b)| {
                (a == s.field && columns.contains_key(&b))
                    || (b == s.field && columns.contains_key(&a))
            })
        })
        .map(|s| s.field)
        .collect();
    let unused = (0..headers.len()).filter(|&i| !used[i]).collect();
    Ok(HeaderMap {
        profile,
        columns,
        missing_required,
        missing_optional,
        unused,
        duplicate,
        also_fits: Vec::new(),
    })
}

/// Pick the profile among `candidates` that fits `table`. `required` overrides the profiles' own
/// required fields (a receiving system decides which fields it cannot do without).
pub fn detect(
    table: &Table,
    candidates: &[&'static Profile],
    mapping: &Mapping,
    required: Option<&[Field]>,
    lang: Lang,
) -> Result<HeaderMap> {
    let mut fits = Vec::new();
    for &profile in candidates {
        fits.push(
            fit(profile, &table.headers, mapping, required).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {} {}: {}",
                    table.display_path(),
                    lang.pick("行", "row"),
                    table.header_line,
                    crate::lang::error_chain(&e, lang)
                )
            })?,
        );
    }
    let score = |m: &HeaderMap| m.columns.len() * 2 + usize::from(m.duplicate.is_some());
    let best_complete = fits
        .iter()
        .filter(|m| m.missing_required.is_empty())
        .map(score)
        .max();
    if let Some(best) = best_complete {
        let mut winners: Vec<HeaderMap> = fits
            .into_iter()
            .filter(|m| m.missing_required.is_empty() && score(m) == best)
            .collect();
        // Identical layouts (SmartHR and ミキワメ 部署) cannot be told apart by headers; the file's
        // path decides when it names a system (the name nearest the file's own name wins, so
        // mikiwame-migration/smarthr/部署.csv is SmartHR's), else the first listed wins and the rest
        // are shown.
        let path = table.display_path().to_lowercase();
        let hinted = winners
            .iter()
            .enumerate()
            .filter_map(|(index, m)| {
                let id = path.rfind(m.profile.system.id());
                let label = path.rfind(&m.profile.system.label().to_lowercase());
                Some((id.max(label)?, index))
            })
            .max()
            .map_or(0, |(_, index)| index);
        let mut chosen = winners.remove(hinted);
        chosen.also_fits = winners.iter().map(|m| m.profile).collect();
        if let Some((field, column)) = chosen.duplicate {
            let first = chosen
                .column(field)
                .map(|c| table.headers[c].as_str())
                .unwrap_or("");
            bail!(
                "{}: {} {}: {} {:?} / {:?} ({} {}). {}",
                table.display_path(),
                lang.pick("行", "row"),
                table.header_line,
                lang.pick("同じ項目に当たる列が2つあります:", "two columns fill the same field:"),
                first,
                table.headers[column],
                lang.pick("項目", "field"),
                field.id(),
                lang.pick(
                    "どちらかの列を削除するか名前を変えてください（連携先も重複した列名を受け付けません）。",
                    "remove or rename one of them (the receiving systems refuse duplicate headers too)."
                )
            );
        }
        return Ok(chosen);
    }
    // Nothing fits: explain with the nearest profile.
    let nearest = fits
        .iter()
        .max_by_key(|m| {
            let total = m.columns.len() + m.missing_required.len();
            (m.columns.len() * 1000)
                .checked_div(total.max(1))
                .unwrap_or(0)
                + m.columns.len()
        })
        .expect("at least one candidate profile");
    let found = table
        .headers
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut lines = vec![format!(
        "{}: {} {}",
        table.display_path(),
        lang.pick(
            "どのシステムの形式にも合いません。見つかった列:",
            "the headers fit no known export. Headers found:"
        ),
        found
    )];
    lines.push(format!(
        "  {} {}",
        lang.pick("最も近い形式:", "nearest layout:"),
        nearest.profile.label(lang)
    ));
    for &field in &nearest.missing_required {
        let spec = nearest.profile.spec(field);
        let expected = spec.map(|s| s.aliases[0]).unwrap_or(field.id());
        let aliases = spec.map(|s| s.aliases).unwrap_or(&[]);
        let closest: Vec<String> = closest_headers(&table.headers, aliases, &nearest.unused, 0.2)
            .into_iter()
            .map(|c| format!("{:?}", table.headers[c]))
            .collect();
        lines.push(format!(
            "  {} {} ({}) {} {}. {} --map {}=<{}>",
            lang.pick("必須の列がありません:", "missing required column:"),
            expected,
            field.id(),
            lang.pick("近い列:", "closest headers present:"),
            if closest.is_empty() {
                "-".to_string()
            } else {
                closest.join(", ")
            },
            lang.pick(
                "列名を変えた場合は次で指定してください:",
                "if it was renamed, name it with"
            ),
            field.id(),
            lang.pick("列名", "HEADER"),
        ));
    }
    let profile = nearest.profile;
    let hr_employees = profile.system.is_hr() && profile.role == Role::Employees;
    if hr_employees {
        lines.push(format!(
            "  {} meibo inspect --from {} {} > mapping.toml",
            lang.pick(
                "列名を変えた形式（カスタムダウンロードなど）なら、--mapping に渡す対応ファイルの下書きを次で作れます:",
                "for a renamed or custom layout, write a draft file for --mapping with:"
            ),
            profile.system.id(),
            shell_word(&table.display_path())
        ));
    }
    Err(mapping::Unfitted {
        message: lines.join("\n"),
        draft: hr_employees
            .then(|| mapping::draft(&table.display_path(), &table.headers, nearest, lang)),
    }
    .into())
}

/// A path as one shell word (quoted when it holds anything but plain characters).
fn shell_word(text: &str) -> String {
    if text
        .chars()
        .all(|c| !c.is_whitespace() && !"'\"\\$`!*?[]{}()<>|&;#~".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Up to three unused columns whose headers are most similar to any of a field's `aliases`
/// (社用メール is close to the alias メール though far from the usual メールアドレス), best first;
/// a score above `min_score` (a header holding an alias or held in one scores at least 0.5).
fn closest_headers(
    headers: &[String],
    aliases: &[&str],
    unused: &[usize],
    min_score: f64,
) -> Vec<usize> {
    let targets: Vec<String> = aliases.iter().map(|a| header_key(a)).collect();
    let mut scored: Vec<(f64, usize)> = unused
        .iter()
        .map(|&i| {
            let key = header_key(&headers[i]);
            let score = targets
                .iter()
                .map(|target| {
                    let mut score = strsim::normalized_levenshtein(&key, target);
                    if key.contains(target.as_str()) || target.contains(key.as_str()) {
                        score += 0.5;
                    }
                    score
                })
                .fold(0.0, f64::max);
            (score, i)
        })
        .filter(|(score, _)| *score > min_score)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, i)| i).collect()
}

/// Profiles of the given roles (all when empty), optionally of one system.
pub fn profiles(roles: &[Role], system: Option<System>) -> Vec<&'static Profile> {
    PROFILES
        .iter()
        .filter(|p| roles.is_empty() || roles.contains(&p.role))
        .filter(|p| system.is_none_or(|s| p.system == s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_keys() {
        let cases = [
            ("ビジネスネーム：姓", "ビジネスネーム姓"),
            ("ビジネスネーム（姓）", "ビジネスネーム姓"),
            (" メール アドレス ", "メールアドレス"),
            ("氏名（姓）", "氏名姓"),
            ("氏名(姓)", "氏名姓"),
            ("Level1", "level1"),
            ("\u{FEFF}社員番号", "社員番号"),
            ("姓（ヨミガナ）", "姓ヨミガナ"),
        ];
        for (raw, key) in cases {
            assert_eq!(header_key(raw), key, "{raw}");
        }
    }

    #[test]
    fn a_key_is_its_own_key() {
        // Fuzz crash (headers): an underscore dropped between two combining marks.
        let header = "メールアドpレ㒹姓（ヸミ\u{302c}____[_______\u{20e1}ールアドレス";
        let key = header_key(header);
        assert_eq!(header_key(&key), key);
    }

    #[test]
    fn every_profile_alias_is_unique_within_its_profile() {
        for profile in PROFILES {
            let mut seen = std::collections::HashSet::new();
            for spec in profile.fields {
                for alias in spec.aliases {
                    assert!(
                        seen.insert(header_key(alias)),
                        "{} repeats {alias}",
                        profile.label(Lang::Ja)
                    );
                }
            }
        }
    }
}
