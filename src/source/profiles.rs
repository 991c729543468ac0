//! The header alias tables (docs/reading.md and each HR system's page under docs/): which column of
//! which system's export fills which field. Rules are data: adding a system or an alias is an edit
//! to these tables only.

use super::{Field, Field::*, Need, Need::*, Role, System};
use crate::lang::Lang;

#[derive(Debug)]
pub struct FieldSpec {
    pub field: Field,
    /// Header spellings, the usual one first (compared after [`super::header_key`], so one entry
    /// covers the spellings that differ only in brackets, colons or spaces: ビジネスネーム：姓 is
    /// also ビジネスネーム（姓） and ビジネスネーム (姓)).
    pub aliases: &'static [&'static str],
    pub need: Need,
}

#[derive(Debug)]
pub struct Profile {
    pub system: System,
    pub role: Role,
    pub fields: &'static [FieldSpec],
    /// Fields of which one of a set is enough (e.g. kaonavi's 所属コード or 所属).
    pub alternatives: &'static [(Field, Field)],
}

impl Profile {
    pub fn spec(&self, field: Field) -> Option<&FieldSpec> {
        self.fields.iter().find(|s| s.field == field)
    }
    pub fn label(&self, lang: Lang) -> String {
        format!("{} {}", self.system.name(lang), self.role.label(lang))
    }
}

const fn f(field: Field, aliases: &'static [&'static str], need: Need) -> FieldSpec {
    FieldSpec {
        field,
        aliases,
        need,
    }
}

pub static PROFILES: &[Profile] = &[
    Profile {
        system: System::SmartHr,
        role: Role::Employees,
        alternatives: &[],
        fields: &[
            f(EmployeeNumber, &["社員番号"], Optional),
            f(FamilyName, &["姓"], Required),
            f(GivenName, &["名"], Optional),
            f(
                FamilyKana,
                &["姓（ヨミガナ）", "姓（フリガナ）", "セイ"],
                Required,
            ),
            f(
                GivenKana,
                &["名（ヨミガナ）", "名（フリガナ）", "メイ"],
                Optional,
            ),
            f(BusinessFamilyName, &["ビジネスネーム：姓"], Extra),
            f(BusinessGivenName, &["ビジネスネーム：名"], Extra),
            f(
                BusinessFamilyKana,
                &["ビジネスネーム：姓（ヨミガナ）", "ビジネスネーム：セイ"],
                Extra,
            ),
            f(
                BusinessGivenKana,
                &["ビジネスネーム：名（ヨミガナ）", "ビジネスネーム：メイ"],
                Extra,
            ),
            f(Email, &["メールアドレス", "メール"], Required),
            f(BirthDate, &["生年月日"], Optional),
            f(Gender, &["性別", "戸籍上の性別"], Optional),
            f(HireDate, &["入社年月日", "入社日"], Optional),
            f(EmploymentStatus, &["在籍状況"], Optional),
            f(RetirementDate, &["退職年月日", "退職日"], Optional),
            f(EmploymentType, &["雇用形態"], Optional),
            // SmartHR's own download writes `部署1 部署`…`部署10 部署` and `役職1 役職`… (one slot
            // per department, levels joined by `/`; docs/smarthr.md); `部署1` and `部署` are the
            // older spellings of the integration guides.
            f(Department, &["部署1 部署", "部署1", "部署"], Optional),
            // 部署2…部署10 are read for クラウド法人名刺's --group-level only.
            f(Department2, &["部署2 部署", "部署2"], Extra),
            f(Department3, &["部署3 部署", "部署3"], Extra),
            f(Department4, &["部署4 部署", "部署4"], Extra),
            f(Department5, &["部署5 部署", "部署5"], Extra),
            f(Department6, &["部署6 部署", "部署6"], Extra),
            f(Department7, &["部署7 部署", "部署7"], Extra),
            f(Department8, &["部署8 部署", "部署8"], Extra),
            f(Department9, &["部署9 部署", "部署9"], Extra),
            f(Department10, &["部署10 部署", "部署10"], Extra),
            f(Position, &["役職1 役職", "役職1", "役職"], Optional),
        ],
    },
    Profile {
        system: System::Kaonavi,
        role: Role::Employees,
        alternatives: &[(DepartmentCode, Department)],
        fields: &[
            f(EmployeeNumber, &["社員番号"], Optional),
            f(FullName, &["氏名"], Required),
            f(FullKana, &["フリガナ"], Required),
            f(Email, &["メールアドレス", "メール"], Required),
            f(BirthDate, &["生年月日"], Optional),
            f(Gender, &["性別"], Optional),
            f(HireDate, &["入社日"], Optional),
            f(RetirementDate, &["退職日"], Optional),
            f(DepartmentCode, &["所属コード"], Optional),
            f(Department, &["所属"], Optional),
            f(Position, &["役職"], Optional),
            f(EmploymentType, &["雇用形態"], Optional),
        ],
    },
    Profile {
        system: System::HrBrain,
        role: Role::Employees,
        alternatives: &[(DepartmentCode, Department)],
        fields: &[
            f(EmployeeNumber, &["従業員番号"], Optional),
            f(FamilyName, &["氏"], Required),
            f(GivenName, &["名"], Optional),
            f(FamilyKana, &["氏（カナ）"], Required),
            f(GivenKana, &["名（カナ）"], Optional),
            f(BusinessFamilyName, &["ビジネスネーム（氏）"], Extra),
            f(BusinessGivenName, &["ビジネスネーム（名）"], Extra),
            f(
                BusinessFamilyKana,
                &["ビジネスネーム（氏カナ）", "ビジネスネーム（カナ）（氏）"],
                Extra,
            ),
            f(
                BusinessGivenKana,
                &["ビジネスネーム（名カナ）", "ビジネスネーム（カナ）（名）"],
                Extra,
            ),
            f(Email, &["メールアドレス"], Required),
            f(BirthDate, &["生年月日"], Optional),
            f(Gender, &["性別"], Optional),
            f(HireDate, &["入社日", "入社年月日"], Optional),
            f(EmploymentStatus, &["在籍状況"], Optional),
            f(EmploymentType, &["雇用形態"], Optional),
            // The bulk-registration template (一括登録・編集 → 一般項目・メンバー登録) comes in two
            // versions: [テンプレートダウンロード] gives 主部署 by name, [テンプレートダウンロード
            // (組織情報コード)] by 組織情報コード (helpcenter.hrbrain.jp 27263880199697). A code in
            // 主部署 resolves as a code first; a column named for the code is read as one.
            f(Department, &["主部署"], Optional),
            f(
                DepartmentCode,
                &[
                    "主部署（組織情報コード）",
                    "主部署コード",
                    "主部署の組織情報コード",
                ],
                Extra,
            ),
            f(Position, &["役職・職位", "役職"], Optional),
        ],
    },
    Profile {
        system: System::Roumumate,
        role: Role::Employees,
        alternatives: &[],
        fields: &[
            f(EmployeeNumber, &["社員番号"], Optional),
            f(FamilyName, &["姓"], Required),
            f(GivenName, &["名"], Optional),
            f(FamilyKana, &["姓（ヨミガナ）"], Required),
            f(GivenKana, &["名（ヨミガナ）"], Optional),
            f(BusinessName, &["ビジネスネーム"], Extra),
            f(BusinessKana, &["ビジネスネーム（ヨミガナ）"], Extra),
            f(Email, &["メールアドレス"], Required),
            f(BirthDate, &["生年月日"], Optional),
            f(Gender, &["性別"], Optional),
            f(HireDate, &["入社日"], Optional),
            f(EmploymentStatus, &["従業員ステータス"], Optional),
            f(EntryStatus, &["状況"], Extra),
            f(EmploymentType, &["雇用形態"], Optional),
        ],
    },
    Profile {
        system: System::Mikiwame,
        role: Role::Employees,
        alternatives: &[],
        fields: &[
            f(EmployeeNumber, &["社員番号"], Optional),
            f(FamilyName, &["氏名（姓）"], Required),
            f(GivenName, &["氏名（名）"], Optional),
            f(FamilyKana, &["姓（カナ）"], Required),
            f(GivenKana, &["名（カナ）"], Optional),
            f(Email, &["メールアドレス"], Required),
            f(BirthDate, &["生年月日"], Optional),
            f(Gender, &["性別"], Optional),
            f(DepartmentCode, &["所属部署", "所属部署コード"], Optional),
            f(Position, &["役職"], Optional),
            f(EmploymentType, &["雇用形態"], Optional),
            f(HireDate, &["入社日"], Optional),
            f(RetirementDate, &["退職日"], Optional),
            f(RetiredFlag, &["退職者フラグ"], Optional),
        ],
    },
    Profile {
        system: System::Mikiwame,
        role: Role::Departments,
        alternatives: &[],
        fields: &[
            f(DepartmentCode, &["部署コード"], Required),
            f(DepartmentName, &["部署名"], Required),
            f(Parent, &["親部署コード", "親部署"], Optional),
        ],
    },
    Profile {
        system: System::SmartHr,
        role: Role::Departments,
        alternatives: &[],
        fields: &[
            f(DepartmentCode, &["部署コード"], Required),
            f(DepartmentName, &["部署名"], Required),
            f(Parent, &["親部署コード", "親部署"], Optional),
        ],
    },
    Profile {
        system: System::SmartHr,
        role: Role::DepartmentLevels,
        alternatives: &[],
        fields: &[
            f(DepartmentCode, &["code", "部署コード"], Required),
            f(Level1, &["level1", "第1階層"], Required),
            f(Level2, &["level2", "第2階層"], Extra),
            f(Level3, &["level3", "第3階層"], Extra),
            f(Level4, &["level4", "第4階層"], Extra),
            f(Level5, &["level5", "第5階層"], Extra),
            f(Level6, &["level6", "第6階層"], Extra),
            f(Level7, &["level7", "第7階層"], Extra),
            f(Level8, &["level8", "第8階層"], Extra),
            f(Level9, &["level9", "第9階層"], Extra),
            f(Level10, &["level10", "第10階層"], Extra),
            f(Level11, &["level11", "第11階層"], Extra),
            f(Level12, &["level12", "第12階層"], Extra),
        ],
    },
    Profile {
        system: System::Kaonavi,
        role: Role::Departments,
        alternatives: &[],
        fields: &[
            f(DepartmentCode, &["所属コード"], Required),
            f(DepartmentName, &["所属名"], Required),
            f(
                Parent,
                &["上位所属コード", "1階層上位の所属", "上位所属"],
                Optional,
            ),
        ],
    },
    // kaonavi's 所属ツリー CSV (管理者機能「所属ツリー管理」→ CSVダウンロード): a level is added as
    // one more numbered `所属●コード` / `所属名●` pair (support.kaonavi.jp/setup-setting/step02/).
    Profile {
        system: System::Kaonavi,
        role: Role::DepartmentLevels,
        alternatives: &[],
        fields: &[
            f(Level1Code, &["所属1コード", "所属コード1"], Required),
            f(Level1, &["所属名1", "所属1名"], Required),
            f(Level2Code, &["所属2コード", "所属コード2"], Extra),
            f(Level2, &["所属名2", "所属2名"], Extra),
            f(Level3Code, &["所属3コード", "所属コード3"], Extra),
            f(Level3, &["所属名3", "所属3名"], Extra),
            f(Level4Code, &["所属4コード", "所属コード4"], Extra),
            f(Level4, &["所属名4", "所属4名"], Extra),
            f(Level5Code, &["所属5コード", "所属コード5"], Extra),
            f(Level5, &["所属名5", "所属5名"], Extra),
            f(Level6Code, &["所属6コード", "所属コード6"], Extra),
            f(Level6, &["所属名6", "所属6名"], Extra),
            f(Level7Code, &["所属7コード", "所属コード7"], Extra),
            f(Level7, &["所属名7", "所属7名"], Extra),
            f(Level8Code, &["所属8コード", "所属コード8"], Extra),
            f(Level8, &["所属名8", "所属8名"], Extra),
            f(Level9Code, &["所属9コード", "所属コード9"], Extra),
            f(Level9, &["所属名9", "所属9名"], Extra),
            f(Level10Code, &["所属10コード", "所属コード10"], Extra),
            f(Level10, &["所属名10", "所属10名"], Extra),
            f(Level11Code, &["所属11コード", "所属コード11"], Extra),
            f(Level11, &["所属名11", "所属11名"], Extra),
            f(Level12Code, &["所属12コード", "所属コード12"], Extra),
            f(Level12, &["所属名12", "所属12名"], Extra),
        ],
    },
    Profile {
        system: System::HrBrain,
        role: Role::Departments,
        alternatives: &[],
        fields: &[
            f(DepartmentName, &["部署項目名", "部署名"], Required),
            f(DepartmentCode, &["組織情報コード"], Required),
            f(Parent, &["1階層上位の部署", "上位部署"], Optional),
        ],
    },
    // The receiving systems of docs/receivers/. Their guides list the fields they sync but not the
    // layout of their exports; these layouts are meibo's (samples/README.md describes them).
    Profile {
        system: System::Meishi,
        role: Role::Employees,
        alternatives: &[(DepartmentCode, Department)],
        fields: &[
            f(EmployeeNumber, &["社員ID"], Required),
            f(FamilyName, &["姓"], Optional),
            f(GivenName, &["名"], Optional),
            f(Email, &["メールアドレス"], Optional),
            f(DepartmentCode, &["グループコード"], Optional),
            f(Department, &["グループ名", "グループ"], Optional),
        ],
    },
    Profile {
        system: System::Meishi,
        role: Role::Departments,
        alternatives: &[],
        fields: &[
            f(DepartmentCode, &["グループコード"], Required),
            f(DepartmentName, &["グループ名"], Required),
            f(Parent, &["親グループコード", "親グループ"], Optional),
        ],
    },
    Profile {
        system: System::Kitera,
        role: Role::Employees,
        alternatives: &[],
        fields: &[
            // The spellings of KiteRa's user import (docs/layouts/kitera.md), and the older
            // ones of meibo's samples.
            f(EmployeeNumber, &["従業員コード"], Required),
            f(FullName, &["名前", "氏名"], Optional),
            f(Email, &["メールアドレス"], Optional),
            f(Role, &["役割"], Optional),
            f(LoginMethod, &["認証方法", "ログイン方法"], Optional),
            // No column of the user import takes it: read when present, missed by no one.
            f(Department, &["グループ", "デフォルトグループ"], Extra),
        ],
    },
    Profile {
        system: System::Mikiwame,
        role: Role::Results,
        alternatives: &[],
        fields: &[
            f(EmployeeNumber, &["社員番号"], Required),
            f(FullName, &["氏名"], Extra),
            f(Email, &["メールアドレス"], Extra),
            f(ExamDate, &["受検日"], Required),
            f(Type16, &["16タイプ"], Optional),
            f(
                DetailUrl,
                &["受検者詳細URL", "受検者詳細ページURL"],
                Optional,
            ),
        ],
    },
];
