//! Every reason and warning code meibo reports, with its messages and explanation.
//!
//! Codes are stable: once published a code keeps its meaning and is never reused. The message is
//! what a person reads next to a refused row (it says how to fix the source); `meaning` and `fix`
//! are what `meibo explain CODE` prints. A test checks every code has text in both languages.

use crate::lang::Lang;

/// What a code is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The row is refused and listed in `exclusions.csv`.
    Exclusion,
    /// The row is read, something about it deserves a look (`warnings.csv`).
    Warning,
    /// The whole run is refused before anything is written (exit 2); the message names the code.
    Error,
    /// What `meibo verify` found for a planned change or a record (`verify.csv`).
    Verify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(
    clippy::enum_variant_names,
    reason = "named after the published codes, e.g. duplicate-department-code"
)]
pub enum Code {
    // departments (docs/receivers/mikiwame.md)
    DepartmentMissingCode,
    DuplicateDepartmentCode,
    DepartmentNameConflict,
    DepartmentUnknownParent,
    DepartmentCycle,
    DepartmentTooDeep,
    // employees (docs/receivers/mikiwame.md)
    MissingName,
    MissingKana,
    MissingEmail,
    InvalidEmail,
    DuplicateEmail,
    UnknownDepartment,
    AmbiguousDepartment,
    // reading and writing (docs/reading.md, docs/output.md)
    InvalidEncoding,
    UnencodableCharacter,
    // personality results (docs/personality.md)
    MissingEmployeeNumber,
    UnknownEmployeeNumber,
    InvalidDate,
    InvalidScore,
    // other receiving systems (docs/receivers/)
    MissingBirthDate,
    MissingEmployeeCode,
    DuplicateEmployeeCode,
    InvalidEmployeeCode,
    EmailDomainNotAllowed,
    UserLimitExceeded,
    // warnings
    HeaderMissing,
    NameNotSplit,
    UnmappedEmploymentType,
    CellError,
    EmployeeIdGenerated,
    UnknownGroup,
    // errors that refuse the whole run
    MassDelete,
    UnmappedGender,
    // meibo verify: what was found after the import (docs/verify.md)
    Applied,
    NotApplied,
    LandedDifferently,
    UnplannedChange,
    NotPlanned,
    // meibo verify: warnings about the plan and the export
    PlanStale,
    WrongSystem,
    PlanInputChanged,
    ExportUnchanged,
}

pub struct Explanation {
    pub code: Code,
    pub id: &'static str,
    pub severity: Severity,
    pub message_ja: &'static str,
    pub message_en: &'static str,
    pub meaning_ja: &'static str,
    pub meaning_en: &'static str,
    pub fix_ja: &'static str,
    pub fix_en: &'static str,
}

macro_rules! codes {
    ($( $code:ident, $id:literal, $sev:ident,
        [$mja:literal, $men:literal],
        [$wja:literal, $wen:literal],
        [$fja:literal, $fen:literal]; )*) => {
        /// All codes, in the order `meibo explain` lists them.
        pub const ALL: &[Explanation] = &[
            $( Explanation {
                code: Code::$code, id: $id, severity: Severity::$sev,
                message_ja: $mja, message_en: $men,
                meaning_ja: $wja, meaning_en: $wen,
                fix_ja: $fja, fix_en: $fen,
            }, )*
        ];
    };
}

codes! {
    DepartmentMissingCode, "department-missing-code", Exclusion,
    ["部署コードがありません。人事システムで部署コード（組織情報コード・所属コード）を入力してください。",
     "The department has no code. Enter its code (組織情報コード / 所属コード) in the HR system."],
    ["ミキワメは部署を部署コードで照合します。コードのない部署は連携されません（ガイド 手順2 注意事項1）。",
     "ミキワメ matches departments by code; a department without a code is not synced (guide, step 2, note 1)."],
    ["HRBrainなら組織情報コード、カオナビなら所属コード、SmartHRなら部署コードを入力して再エクスポートしてください。",
     "Enter the 組織情報コード (HRBrain), 所属コード (kaonavi) or 部署コード (SmartHR) and export again."];

    DuplicateDepartmentCode, "duplicate-department-code", Exclusion,
    ["同じ部署コードが複数の行にあります。どちらが正しいか決めて、コードを重複しないようにしてください。",
     "The same department code appears on several rows. Decide which is right and make the codes unique."],
    ["部署コードは部署を一意に表すキーです。重複した行はすべて除外されます。",
     "The department code is the key; every row that shares a code is excluded."],
    ["人事システムで重複している部署コードを修正してください。",
     "Correct the duplicated codes in the HR system."];

    DepartmentNameConflict, "department-name-conflict", Exclusion,
    ["同じ部署名の部署がミキワメに別のコードで登録済みです（部署名重複エラー）。部署コードを確認してください。",
     "ミキワメ already has a department of this name under another code (duplicate name). Check the code."],
    ["コードが一致しない部署は別部署として新規登録されますが、部署名が既に存在すると部署名重複エラーになります（ガイド 手順2 注意事項3）。",
     "A department whose code does not match is created as new, but a name that already exists in ミキワメ is refused (guide, step 2, note 3)."],
    ["人事システムの部署コードをミキワメ上の同名部署のコードに合わせるか、部署名を変えてください。",
     "Give the department in the HR system the code ミキワメ already uses for that name, or rename it."];

    DepartmentUnknownParent, "department-unknown-parent", Exclusion,
    ["親部署が見つからないか、連携から除外されています。親部署を先に正しく登録してください。",
     "The parent department is unknown or excluded. Fix the parent department first."],
    ["親部署は今回の連携で作成される部署か、ミキワメに登録済みの部署でなければなりません。除外された親部署の子部署も除外されます。",
     "The parent must be a department created in this run or already in ミキワメ; children of an excluded parent are excluded too."],
    ["詳細欄の親部署を確認し、人事システムで親部署のコードを入力するか上位部署の設定を直してください。",
     "Check the parent named in the detail; enter its code or correct the parent in the HR system."];

    DepartmentCycle, "department-cycle", Exclusion,
    ["部署の親子関係が循環しています。上位部署の設定を直してください。",
     "The parent links of these departments form a loop. Correct the parent settings."],
    ["親をたどると自分自身に戻る部署は階層を作れません。",
     "A department whose chain of parents leads back to itself cannot be placed in the tree."],
    ["詳細欄の部署の上位部署（親部署コード）を見直してください。",
     "Review the parent codes of the departments listed in the detail."];

    DepartmentTooDeep, "department-too-deep", Exclusion,
    ["部署の階層が10階層を超えています。ミキワメは10階層まで反映できます。",
     "The department is deeper than 10 levels; ミキワメ takes 10 levels at most."],
    ["部署の階層は10階層まで反映可能です（最上位 = 1階層）。",
     "Departments are synced up to 10 levels (the root is level 1)."],
    ["組織の階層を10階層以内にまとめてください。",
     "Flatten the organisation to 10 levels or fewer."];

    MissingName, "missing-name", Exclusion,
    ["氏名（姓）がありません。人事システムで氏名を入力してください。",
     "No family name. Enter the name in the HR system."],
    ["氏名が入力されていない社員は連携対象から除外されます（ガイド 手順3 注意事項4）。",
     "Employees without a name are excluded from the sync (guide, step 3, note 4)."],
    ["人事システムで氏名（またはビジネスネーム）を入力してください。意図的に空白にしている場合はそのままで構いません。",
     "Enter the name (or business name) in the HR system. If it was left blank on purpose to keep the employee out, nothing to do."];

    MissingKana, "missing-kana", Exclusion,
    ["氏名カナ（姓）がありません。人事システムでフリガナを入力してください。",
     "No family-name reading (kana). Enter the reading in the HR system."],
    ["氏名カナが入力されていない社員は連携対象から除外されます（ガイド 手順3 注意事項4）。",
     "Employees without a kana reading are excluded from the sync (guide, step 3, note 4)."],
    ["人事システムで氏名カナ（フリガナ・ヨミガナ）を入力してください。",
     "Enter the reading (フリガナ / ヨミガナ) in the HR system."];

    MissingEmail, "missing-email", Exclusion,
    ["メールアドレスがありません。人事システムでメールアドレスを入力してください。",
     "No e-mail address. Enter it in the HR system."],
    ["ミキワメは社員をメールアドレスで照合します。メールアドレスのない社員は除外されます。",
     "ミキワメ matches employees by e-mail address; employees without one are excluded."],
    ["人事システムでメールアドレスを入力してください。",
     "Enter the e-mail address in the HR system."];

    InvalidEmail, "invalid-email", Exclusion,
    ["メールアドレスの形式が正しくありません。",
     "The e-mail address is not a valid address."],
    ["メールアドレスとして解釈できない値（@がない、空白を含む、ドメインがない等）です。",
     "The value cannot be an e-mail address (no @, spaces, no domain…)."],
    ["人事システムでメールアドレスを正しい形式に直してください。",
     "Correct the address in the HR system."];

    DuplicateEmail, "duplicate-email", Exclusion,
    ["同じメールアドレスの社員が複数います。該当する行はすべて除外されます。",
     "Several employees share this e-mail address; all of them are excluded."],
    ["同じメールアドレスが登録されている社員は連携対象から除外されます（大文字・小文字は区別しません）。",
     "Employees sharing an e-mail address are excluded (letter case is ignored)."],
    ["人事システムでメールアドレスが一人一つになるよう直してください。ミキワメ上のメールアドレスを変更する場合はミキワメへお問い合わせください。",
     "Make every address unique in the HR system. To change an address already in ミキワメ, contact ミキワメ support."];

    UnknownDepartment, "unknown-department", Exclusion,
    ["所属部署がミキワメに登録されていません。部署を先に連携してください。",
     "The department is not registered in ミキワメ. Sync the departments first."],
    ["ミキワメに登録のない部署（空白を除く）が登録されている社員は除外されます。今回作成される部署は登録済みとみなし、除外された部署はみなしません。",
     "Employees in a department ミキワメ does not have (blank is fine) are excluded. Departments created in this run count; excluded ones do not."],
    ["部署を社員より先に連携してください。詳細欄が部署の除外理由を示す場合はその部署を先に直してください。",
     "Sync departments before employees; if the detail says the department was excluded, fix that department first."];

    AmbiguousDepartment, "ambiguous-department", Exclusion,
    ["所属部署の名前が複数の部署に当てはまり、特定できません。部署コードかフルパスで指定してください。",
     "The department name fits several departments. Use its code or full path."],
    ["部署名やパスが複数の部署に一致したため、どの部署か決められません。",
     "The name or path matches more than one department."],
    ["人事システムで所属をコードまたは上位部署からのパスで指定してください。",
     "Give the department by code, or by its full path from the top, in the HR system."];

    InvalidEncoding, "invalid-encoding", Exclusion,
    ["文字コードとして読めないバイトを含む行です。ファイルを保存し直してください。",
     "The row holds bytes that do not decode. Save the file again."],
    ["この行は判定した文字コード（詳細欄）で解釈できないバイトを含みます。置換文字で取り込むことはしません。",
     "The row has bytes the detected encoding (see detail) cannot decode; meibo never imports replacement characters."],
    ["元のシステムから再エクスポートするか、--input-encoding で正しい文字コードを指定してください。",
     "Export the file again from the source system, or name the right encoding with --input-encoding."];

    UnencodableCharacter, "unencodable-character", Exclusion,
    ["出力の文字コード（CP932）で表せない文字を含むため、この行は書き出していません。",
     "The row holds a character the output encoding (CP932) cannot represent; it was not written."],
    ["--encoding cp932 では Shift_JIS にない文字（例: 𠮷）を ? に置き換えずに行ごと除外します。",
     "With --encoding cp932, characters outside Shift_JIS (e.g. 𠮷) exclude their row instead of becoming '?'."],
    ["--encoding utf8-bom（既定）で書き出すか、人事システムの文字を置き換えてください。",
     "Write with --encoding utf8-bom (the default), or replace the character in the HR system."];

    MissingEmployeeNumber, "missing-employee-number", Exclusion,
    ["社員番号がありません。ミキワメで社員番号を入力してください。",
     "No employee number. Enter it in ミキワメ."],
    ["性格検査結果は社員番号でカオナビのメンバーに紐づけます。社員番号のない結果は連携されません。",
     "Results are matched to kaonavi members by employee number; a result without one cannot be matched."],
    ["ミキワメの社員情報に社員番号（カオナビと同じ番号）を入力してください。",
     "Enter the employee number (the same as in kaonavi) in ミキワメ."];

    UnknownEmployeeNumber, "unknown-employee-number", Exclusion,
    ["この社員番号のメンバーがカオナビにいません。氏名やメールアドレスが一致しても連携されません。",
     "No kaonavi member has this employee number. A matching name or e-mail does not count."],
    ["社員番号が一致しない場合は、氏名やメールアドレスが一致していても連携されません（ガイド 手順4 注意事項1）。",
     "If the employee number does not match, the result is not synced even when name and e-mail match (guide, step 4, note 1)."],
    ["ミキワメとカオナビの社員番号を一致させてください。",
     "Make the employee numbers in ミキワメ and kaonavi the same."];

    InvalidDate, "invalid-date", Warning,
    ["日付として読めません。YYYY/MM/DD の形式で入力してください。",
     "Not a readable date. Enter it as YYYY/MM/DD."],
    ["日付は YYYY/MM/DD、YYYY-MM-DD、YYYYMMDD、YYYY年M月D日、和暦（令和・平成・昭和、R/H/S）、Excelの日付を読みます。読めない日付は推測せず空欄にします（性格検査の受検日の場合は行を除外）。",
     "Dates are read as YYYY/MM/DD, YYYY-MM-DD, YYYYMMDD, YYYY年M月D日, Japanese eras (令和/平成/昭和, R/H/S) or Excel dates. An unreadable date is never guessed: the field is left empty (for a personality 受検日, the row is excluded)."],
    ["元のシステムで日付を正しく入力してください。",
     "Correct the date in the source system."];

    InvalidScore, "invalid-score", Exclusion,
    ["偏差値が数値ではありません。",
     "A scale score (偏差値) is not a number."],
    ["性格検査の各尺度の偏差値は数値でなければなりません（空欄は空欄のまま連携します）。結果エクスポートの社員番号・氏名・メールアドレス・受検日・16タイプ・受検者詳細URL 以外の列はすべて尺度として扱います。詳細欄が尺度名と値を示します。",
     "Every scale's 偏差値 must be a number (a blank stays blank). Every column of the results export other than 社員番号, 氏名, メールアドレス, 受検日, 16タイプ and 受検者詳細URL is taken as a scale. The detail names the scale and the value."],
    ["ミキワメの結果エクスポートを取り直してください。尺度でない列が混ざっている場合は、カオナビのシートの見出し行を --template で渡すと、そこにない列は出力も検査もしません。",
     "Export the results from ミキワメ again. If a column that is not a scale is in the export, pass the kaonavi sheet's header row with --template: columns it does not name are neither written nor checked."];

    MissingBirthDate, "missing-birth-date", Exclusion,
    ["生年月日がありません。SmartHRで生年月日を入力してください。",
     "No birth date. Enter it in SmartHR."],
    ["クラウド法人名刺は姓名・生年月日が設定されていない従業員をインポートしません（初期パスワードが「企業ID-生年月日」のため）。読めない日付も空欄として扱います（警告 invalid-date）。",
     "クラウド法人名刺 does not import employees without a name or birth date (the initial password is \"company ID-birth date\"). An unreadable date counts as blank (warning invalid-date)."],
    ["SmartHRで生年月日を入力してから再エクスポートしてください。",
     "Enter the birth date in SmartHR and export again."];

    MissingEmployeeCode, "missing-employee-code", Exclusion,
    ["社員番号（従業員コード）がありません。人事システムで社員番号を入力してください。",
     "No employee number (従業員コード). Enter it in the HR system."],
    ["KiteRa（従業員コード）とカオナビ（社員番号）は社員番号で照合します。社員番号のない社員は照合も登録もできないため除外します。",
     "KiteRa (従業員コード) and kaonavi (社員番号) match employees by employee number; an employee without one can be neither matched nor registered."],
    ["SmartHR・ロウムメイトで社員番号を入力してください。",
     "Enter the employee number in SmartHR or ロウムメイト."];

    DuplicateEmployeeCode, "duplicate-employee-code", Exclusion,
    ["同じ社員番号（従業員コード）の社員が複数います。該当する行はすべて除外されます。",
     "Several employees share this employee number; all of them are excluded."],
    ["社員番号は照合のキーです。どの行が正しいか決められないため、同じ番号の行はすべて除外します。",
     "The employee number is the key; meibo cannot tell which row is right, so every row sharing it is excluded."],
    ["人事システムで社員番号が一人一つになるよう直してください。",
     "Make every employee number unique in the HR system."];

    InvalidEmployeeCode, "invalid-employee-code", Exclusion,
    ["従業員コードの形式が不正です（半角英数字・ハイフン以外の文字が含まれています）。",
     "The employee code is invalid (it holds characters other than half-width letters, digits and hyphens)."],
    ["KiteRaの従業員コードに使えるのは半角英数字とハイフンだけです（ガイド「失敗するパターン例」）。全角の英数字は半角として読みます。詳細欄が使えない文字を示します。",
     "KiteRa's 従業員コード takes half-width letters, digits and hyphens only (guide, failure patterns). Full-width letters and digits are read as half-width. The detail names the characters that are not allowed."],
    ["SmartHRの社員番号から記号・空白・漢字などを取り除いてください。",
     "Remove symbols, spaces, kanji and the like from the 社員番号 in SmartHR."];

    EmailDomainNotAllowed, "email-domain-not-allowed", Exclusion,
    ["メールアドレスのドメインがKiteRaの設定で許可されていません。",
     "The e-mail address's domain is not allowed in KiteRa's settings."],
    ["KiteRaは許可されたドメインのメールアドレスだけを登録します（ガイド「失敗するパターン例」）。--allowed-domain で指定したドメイン（大文字・小文字は区別しない、完全一致）以外のアドレスは除外します。--allowed-domain を指定しない場合は検査しません。",
     "KiteRa registers addresses of allowed domains only (guide, failure patterns). Addresses whose domain is not one given with --allowed-domain (exact match, case-insensitive) are excluded; without --allowed-domain nothing is checked."],
    ["社用のメールアドレスに直すか、KiteRaの許可ドメインに追加して --allowed-domain にも指定してください。",
     "Use the company address, or allow the domain in KiteRa and name it with --allowed-domain too."];

    UserLimitExceeded, "user-limit-exceeded", Exclusion,
    ["KiteRaで契約しているプランのユーザー数を超えるため、このユーザーは登録されません。",
     "Registering this user would exceed the user count of the KiteRa plan."],
    ["--user-limit N のとき、連携後に残るユーザー（現在のユーザーから削除されるユーザーを引いた数）に新規ユーザーをファイルの順に加え、N を超えた行を除外します（ガイド「失敗するパターン例」）。",
     "With --user-limit N, new users are added in file order to the users that remain after the run (current users minus deletions); rows past N are excluded (guide, failure patterns)."],
    ["KiteRaのプランのユーザー数を増やすか、不要なユーザーを削除してください。",
     "Raise the plan's user count in KiteRa, or remove users that are no longer needed."];

    HeaderMissing, "header-missing", Warning,
    ["この項目の列が見つかりません。この項目は比較も上書きもしません（現在の値を保持）。",
     "No column for this field. It is neither compared nor overwritten (the current value is kept)."],
    ["項目名をデフォルトから変更すると、連携先では空白で上書きされることがあります（カオナビの役職・雇用形態など）。meibo は現在の値を保持します。",
     "A renamed column can make the receiving system blank the field (e.g. kaonavi's 役職 and 雇用形態); meibo keeps the current value instead."],
    ["人事システムの項目名をデフォルトに戻すか、--map 項目=列名 で列を指定してください。",
     "Restore the default column name in the HR system, or name the column with --map FIELD=HEADER."];

    NameNotSplit, "name-not-split", Warning,
    ["氏名がスペースで区切られていないため、全体を姓として扱い、名は空欄にしました。",
     "The name has no space; all of it became the family name and the given name is empty."],
    ["カオナビの氏名・フリガナは最初のスペースで姓と名に分けます。スペースがない場合は全体が姓になります。",
     "kaonavi's one-cell name is split at the first space; with none, the whole name is the family name."],
    ["カオナビで姓と名の間にスペースを入れてください。",
     "Put a space between family and given name in kaonavi."];

    UnmappedEmploymentType, "unmapped-employment-type", Warning,
    ["この雇用形態はミキワメの雇用形態に対応がないため「その他」になります。",
     "This employment type has no ミキワメ counterpart and becomes その他."],
    ["ミキワメの雇用形態は 正社員・契約社員・派遣社員・パート・アルバイト・業務委託・その他 の6つです。独自の雇用形態やデフォルト名を編集した雇用形態は「その他」になります。",
     "ミキワメ has six employment types; custom or renamed types become その他."],
    ["意図どおりであれば対応不要です。別の値にしたい場合は --mapping ファイルの [employment_types] で対応を指定してください。",
     "Nothing to do if intended; otherwise map it in the [employment_types] table of a --mapping file."];

    CellError, "cell-error", Warning,
    ["セルがエラー値（#N/A など）のため空欄として読みました。",
     "The cell holds an error value (#N/A…); it was read as empty."],
    ["Excel の数式エラーは値ではないため、空欄として扱います。",
     "An Excel formula error is not a value, so it is treated as empty."],
    ["元のファイルで数式を直すか値を入力してください。",
     "Fix the formula or enter the value in the source file."];

    EmployeeIdGenerated, "employee-id-generated", Warning,
    ["社員番号が社員IDの規定に合わないか重複しているため、社員IDを生成しました。",
     "The employee number does not fit クラウド法人名刺's 社員ID rules or is not unique; a 社員ID was generated."],
    ["社員IDは半角英数字3〜24文字（記号「@._-」可、記号は先頭末尾不可）で、他の社員と重複できません。満たさない場合、クラウド法人名刺はランダムな大文字英数字8文字を設定します（ガイド）。meibo は、名刺に登録済みの人には名刺が持つID（以前に生成したもの、または同じメールアドレスの社員のもの）をそのまま使い、新しい人にだけ、社員番号のSHA-256（同じ社員番号の行が複数あればメールアドレスも加え、社員番号がなければメールアドレス）から大文字英数字8文字を導きます。既に使われていれば番号を足して導き直します。詳細欄が社員番号と生成したIDを示します。",
     "A 社員ID is 3-24 half-width letters and digits (@ . _ - allowed, but not first or last) and unique. When the 社員番号 does not qualify, クラウド法人名刺 sets a random 8-character upper-case ID (guide). meibo keeps the ID 名刺 already holds for a person (derived before, or that of the employee with the same e-mail address) and derives one only for a new person: 8 characters from the SHA-256 of the 社員番号 (with the e-mail when rows share it; the e-mail when it is blank), derived again with a counter while the ID is taken. The detail shows the 社員番号 and the generated ID."],
    ["生成したIDのままでよければ対応不要です（社員IDはログインIDになります）。社員番号を使いたい場合は、SmartHRの社員番号を規定に合う一意の値に直してください。",
     "Nothing to do if the generated ID is fine (the 社員ID becomes the login ID). To use the employee number instead, make it a unique value that fits the rules in SmartHR."];

    UnknownGroup, "unknown-group", Warning,
    ["所属部署に当たるグループが見つからないため「グループ1」にしました。",
     "No group fits the employee's department; the employee goes to グループ1."],
    ["--group-level で選んだ部署が、今回作成・更新されるグループにも現在のグループにもない（除外された部署を含む）か、複数に当てはまる場合です。クラウド法人名刺は該当する部署のない社員を「グループ1」にします。",
     "The department chosen with --group-level is neither among the groups this run creates or keeps (an excluded department does not count) nor unique. クラウド法人名刺 puts employees without a department in グループ1."],
    ["詳細欄の部署を確認し、部署の除外理由を直すか、SmartHRの部署設定を見直してください。",
     "Check the department in the detail; fix why it was excluded, or correct the department in SmartHR."];

    MassDelete, "mass-delete", Error,
    ["削除件数が上限を超えるため中止しました。何も書き出していません。",
     "Refused: more deletions than allowed. Nothing was written."],
    ["連携先から削除されるレコード（KiteRaの退職者、クラウド法人名刺の削除された部署のグループ）が --max-deletions（既定: 現在のレコード数の20%）を超えると、エクスポートの取り違えや途中で切れたファイルの可能性があるため実行を止めます（終了コード2）。削除したデータは復元できません（クラウド法人名刺「SmartHR連携」の注意事項）。",
     "When the records to delete (retired KiteRa users, groups of deleted departments in クラウド法人名刺) are more than --max-deletions (default: 20% of the current records), the run stops (exit 2): a mixed-up or truncated export is the likely cause, and deleted data cannot be restored (クラウド法人名刺's guide 「SmartHR連携」, notes)."],
    ["入力ファイルが正しいか確認してください。削除が意図どおりなら --allow-mass-delete を付けるか、--max-deletions で上限（件数または 30% のような割合）を指定してください。",
     "Check the input files. If the deletions are intended, add --allow-mass-delete, or set the limit with --max-deletions (a count, or a share such as 30%)."];

    UnmappedGender, "unmapped-gender", Error,
    ["カオナビの選択肢に対応しない性別の値があるため中止しました。何も書き出していません。",
     "Refused: a gender value has no kaonavi option. Nothing was written."],
    ["ロウムメイトの性別の選択肢はすべてカオナビの選択肢に紐づける必要があります（ロウムメイトの手順書「データ連携」④）。meibo は 男性・女性 と、--mapping ファイルの [genders] に書かれた値を紐づけ済みとみなします。エラーは紐づかない値とその行を示します。",
     "Every ロウムメイト gender option must be linked to a kaonavi option (ロウムメイト's guide 「データ連携」, step 4). meibo takes 男性 and 女性, and the values of the [genders] table of a --mapping file, as linked. The error lists the values that are not, with their rows."],
    ["--mapping ファイルの [genders] に「\"ロウムメイトの値\" = \"カオナビの選択肢\"」を追加してください。カオナビに選択肢がない場合は先にカオナビで追加してください。",
     "Add \"ロウムメイト value\" = \"kaonavi option\" to the [genders] table of a --mapping file; add the option in kaonavi first if it has none."];

    Applied, "applied", Verify,
    ["計画どおりに反映されています。",
     "Landed as planned."],
    ["計画した作成・更新・削除が、取り込み後のエクスポートに計画どおりの値で見つかりました（更新は変更した項目ごとに1行）。",
     "The planned create, update or delete is in the export taken after the import, with the planned values (an update has one line per changed field)."],
    ["対応は不要です。",
     "Nothing to do."];

    NotApplied, "not-applied", Verify,
    ["計画した変更が反映されていません（取り込み前の状態のままです）。",
     "The planned change did not land (the record is as it was before the import)."],
    ["作成する予定のレコードがない、削除する予定のレコードが残っている、または更新する予定の項目が変更前の値のままです。取り込みでこの行が読み飛ばされたか、取り込み自体が途中で止まった可能性があります。",
     "A record to create is missing, a record to delete is still there, or a field to update still holds its value from before. The importer skipped the row, or the import stopped part-way."],
    ["連携先の取り込み結果（エラーファイル）を確認し、該当する行だけを取り込み直してください。もう一度 meibo reconcile を実行すると、残っている変更だけの取り込みファイルを作れます。",
     "Check the receiving system's import result (its error file) and import the row again. Running meibo reconcile again writes import files with only the changes still to make."];

    LandedDifferently, "landed-differently", Verify,
    ["反映されましたが、計画と異なる値になっています。",
     "The change landed, but with another value than planned."],
    ["項目の値が、変更前の値とも計画した値とも違います（変更前 → 計画 → 取り込み後の順に示します）。連携先が値を変換したか、取り込みの後で誰かが変更した可能性があります。",
     "The field holds neither the value from before nor the planned one (shown as before → planned → found). The receiving system converted the value, or someone changed it after the import."],
    ["取り込み後の値が正しいか確認し、必要なら連携先で直すか人事システムを直して再実行してください。",
     "Check which value is right; correct it in the receiving system, or fix the HR system and run again."];

    UnplannedChange, "unplanned-change", Verify,
    ["計画にない変更があります（計画で変えない項目・レコードが変わっています）。",
     "A change nobody planned: a field or record the plan left alone has changed."],
    ["計画を作った時の連携先エクスポートと、取り込み後のエクスポートを比べ、計画で触れていない項目の値が変わった・レコードが増えた・消えたものです。手作業の変更や、別の連携が同時に動いた可能性があります。",
     "Comparing the receiving system's export the plan was made from with the one taken after the import: a field the plan did not touch has another value, or a record appeared or disappeared. A change by hand, or another sync running at the same time, is the likely cause."],
    ["誰がいつ変更したか連携先の操作ログで確認してください。意図しない変更なら元に戻してください。",
     "Check the receiving system's audit log for who changed it and when; undo it if it was not intended."];

    NotPlanned, "not-planned", Verify,
    ["計画で除外された行のため、取り込みの対象外です（失敗ではありません）。",
     "Excluded from the plan, so not imported (not a failure)."],
    ["reconcile で除外された行（exclusions.csv）は取り込みファイルに入っていないため、反映されていなくても失敗とはみなしません。詳細欄が除外理由と行を示します。",
     "Rows reconcile excluded (exclusions.csv) were not in the import files, so their absence is not a failure. The detail gives the reasons and the row."],
    ["除外理由を人事システムで直してから、もう一度 meibo reconcile を実行してください。",
     "Fix the reason in the HR system, then run meibo reconcile again."];

    PlanStale, "plan-stale", Warning,
    ["計画が古い可能性があります。取り込み前に meibo reconcile をやり直したか確認してください。",
     "The plan may be old. Check that meibo reconcile was run again before the import."],
    ["計画（summary.json）が、取り込み後のエクスポートより7日以上前に作られています。その間の変更が計画外の変更として報告されることがあります。",
     "The plan (summary.json) was made more than 7 days before the export taken after the import; changes made in between may be reported as unplanned."],
    ["取り込みに使った計画の出力フォルダを --plan に指定してください。",
     "Give --plan the output folder of the plan that was imported."];

    WrongSystem, "wrong-system", Warning,
    ["エクスポートの列が、計画の連携先ではない別のシステムのものに見えます。",
     "The export's columns look like another system's than the one the plan was made for."],
    ["summary.json の target_system と、取り込み後のエクスポートの見出しから判定したシステムが異なります。照合は続けますが、結果は信頼できません。",
     "The target_system of summary.json and the system the export's headers fit differ. The check goes on, but its results cannot be trusted."],
    ["計画の連携先システムから取ったエクスポートを指定してください。",
     "Give the export taken from the plan's receiving system."];

    PlanInputChanged, "plan-input-changed", Warning,
    ["計画を作った時の連携先エクスポートが見つからないか、内容が変わっています。計画外の変更は確認できません。",
     "The receiving system's export the plan was made from is missing or has changed; unplanned changes cannot be checked."],
    ["計画外の変更を見つけるには、計画を作った時のエクスポート（summary.json の inputs にあるパスとSHA-256）と取り込み後のエクスポートを比べます。ファイルがないかSHA-256が一致しない場合、計画した変更の反映だけを確認します。",
     "Unplanned changes are found by comparing the export the plan was made from (path and SHA-256 in summary.json's inputs) with the one taken after the import. When that file is gone or its SHA-256 differs, only the planned changes are checked."],
    ["計画を作った時のエクスポートを summary.json に記録された場所に置いて、もう一度実行してください。",
     "Put the export the plan was made from back where summary.json says, and run again."];

    ExportUnchanged, "export-unchanged", Warning,
    ["取り込み後のエクスポートが、計画を作った時のエクスポートと同じファイルです。",
     "The export given is the very file the plan was made from."],
    ["SHA-256 が計画の入力と一致しました。まだ取り込んでいないか、取り込み後に新しいエクスポートを取っていない可能性があります。",
     "Its SHA-256 equals the plan's input: the import has not happened yet, or no new export was taken after it."],
    ["取り込みの後で連携先から新しくエクスポートしたファイルを指定してください。",
     "Export from the receiving system again after the import and give that file."];
}
impl Code {
    pub fn explanation(self) -> &'static Explanation {
        ALL.iter()
            .find(|e| e.code == self)
            .expect("every code has an explanation (tested)")
    }
    pub fn id(self) -> &'static str {
        self.explanation().id
    }
    pub fn message(self, lang: Lang) -> &'static str {
        let e = self.explanation();
        lang.pick(e.message_ja, e.message_en)
    }
    pub fn from_id(id: &str) -> Option<Code> {
        ALL.iter().find(|e| e.id == id).map(|e| e.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_text() {
        let mut seen = std::collections::HashSet::new();
        for e in ALL {
            assert!(seen.insert(e.id), "duplicate id {}", e.id);
            assert_eq!(Code::from_id(e.id), Some(e.code));
            assert_eq!(e.code.id(), e.id);
            for text in [
                e.message_ja,
                e.message_en,
                e.meaning_ja,
                e.meaning_en,
                e.fix_ja,
                e.fix_en,
            ] {
                assert!(!text.trim().is_empty(), "{} lacks text", e.id);
            }
            assert!(e.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }
}
