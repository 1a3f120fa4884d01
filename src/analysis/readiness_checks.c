/* readiness_checks.c - what is missing for an investigation, and what to turn
 * on: the table of needs (why each matters, the audit setting and the exact
 * command) and the checks that find them in the readiness model. The
 * reasoning behind each check is in docs/readiness.md. */
#include "analysis/readiness.h"
#include "core/mtime.h"

#include <stdlib.h>

#define AUDITPOL(sub, flags) "auditpol /set /subcategory:\"" sub "\" " flags
#define AP_SF "/success:enable /failure:enable"
#define AP_S "/success:enable"
#define CMDLINE_REG                                                                                                    \
    "reg add HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit /v "                         \
    "ProcessCreationIncludeCmdLine_Enabled /t REG_DWORD /d 1 /f"

static const rd_need_info needs[RD_NEED_COUNT] = {
    [RD_NEED_SECURITY_LOG] = {"security-log", RD_Q_LOGON,
        "No Security log from this computer is in the input: logons, process starts, share access and log "
        "clearing cannot be checked.",
        "このコンピューターの Security ログが入力にない。ログオン、プロセス起動、共有へのアクセス、ログの消去を"
        "確認できない。",
        "Collect the Security log (export it, or forward it with Windows Event Forwarding or a SIEM agent).",
        "Security ログを収集する (エクスポートするか、Windows イベント転送や SIEM エージェントで転送する)。",
        {"wevtutil epl Security C:\\Security.evtx", NULL}},
    [RD_NEED_LOGON] = {"logon", RD_Q_LOGON,
        "No logon events (4624/4625): who logged on, from where and with which account cannot be answered.",
        "ログオンのイベント (4624/4625) がない。誰がどこからどのアカウントでログオンしたか答えられない。",
        "Advanced Audit Policy > Logon/Logoff > Audit Logon: Success and Failure.",
        "監査ポリシーの詳細な構成 > ログオン/ログオフ > ログオンの監査: 成功と失敗。",
        {AUDITPOL("Logon", AP_SF), NULL}},
    [RD_NEED_SPECIAL_LOGON] = {"special-logon", RD_Q_LOGON,
        "No special logons (4672): logons with administrator privileges cannot be told from ordinary ones.",
        "特殊なログオン (4672) がない。管理者権限でのログオンを通常のログオンと区別できない。",
        "Advanced Audit Policy > Logon/Logoff > Audit Special Logon: Success.",
        "監査ポリシーの詳細な構成 > ログオン/ログオフ > 特殊なログオンの監査: 成功。",
        {AUDITPOL("Special Logon", AP_S), NULL}},
    [RD_NEED_EXPLICIT_CREDS] = {"explicit-credentials", RD_Q_LOGON,
        "No logons with explicit credentials (4648: runas, net use /user:, psexec -u): none happened in this "
        "span, or Logon auditing is not recording them.",
        "明示的な資格情報によるログオン (4648: runas、net use /user:、psexec -u) がない。この期間に発生しなかったか、"
        "ログオンの監査で記録されていない。",
        "Advanced Audit Policy > Logon/Logoff > Audit Logon: Success (4648 belongs to it).",
        "監査ポリシーの詳細な構成 > ログオン/ログオフ > ログオンの監査: 成功 (4648 はこれに含まれる)。",
        {AUDITPOL("Logon", AP_SF), NULL}},
    [RD_NEED_PROCESS_CREATION] = {"process-creation", RD_Q_RAN,
        "No process creation events (4688): what ran on this computer (attack tools, commands) cannot be "
        "answered from the Security log.",
        "プロセス作成のイベント (4688) がない。このコンピューターで何が実行されたか (攻撃ツール、コマンド) を "
        "Security ログから答えられない。",
        "Advanced Audit Policy > Detailed Tracking > Audit Process Creation: Success; and Administrative "
        "Templates > System > Audit Process Creation > \"Include command line in process creation events\": "
        "Enabled.",
        "監査ポリシーの詳細な構成 > 詳細追跡 > プロセス作成の監査: 成功。さらに 管理用テンプレート > システム > "
        "プロセス作成の監査 >「プロセス作成イベントにコマンド ラインを含める」: 有効。",
        {AUDITPOL("Process Creation", AP_S), CMDLINE_REG, NULL}},
    [RD_NEED_COMMAND_LINE] = {"process-command-line", RD_Q_RAN,
        "Process creation events (4688) carry no command line: which program ran is known, but not with which "
        "arguments (the target of psexec, the URL given to certutil).",
        "プロセス作成のイベント (4688) にコマンド ラインがない。実行されたプログラムはわかるが、引数 (psexec の"
        "接続先、certutil に渡された URL など) はわからない。",
        "Administrative Templates > System > Audit Process Creation > \"Include command line in process "
        "creation events\": Enabled.",
        "管理用テンプレート > システム > プロセス作成の監査 >「プロセス作成イベントにコマンド ラインを含める」: 有効。",
        {CMDLINE_REG, NULL}},
    [RD_NEED_FILE_SHARE] = {"file-share", RD_Q_SHARES,
        "No file share events (5140/5145): what was copied over shares to or from this computer (C$, ADMIN$, "
        "data shares) cannot be answered.",
        "ファイル共有のイベント (5140/5145) がない。共有 (C$、ADMIN$、業務用の共有) を通じてこのコンピューターとの"
        "間で何がコピーされたか答えられない。",
        "Advanced Audit Policy > Object Access > Audit File Share and Audit Detailed File Share: Success and "
        "Failure.",
        "監査ポリシーの詳細な構成 > オブジェクト アクセス > ファイル共有の監査 と 詳細なファイル共有の監査: "
        "成功と失敗。",
        {AUDITPOL("File Share", AP_SF), AUDITPOL("Detailed File Share", AP_SF), NULL}},
    [RD_NEED_DETAILED_FILE_SHARE] = {"detailed-file-share", RD_Q_SHARES,
        "Share connections are logged (5140) but not the files (5145): that a share was used is known, not "
        "which files were copied.",
        "共有への接続 (5140) は記録されているが、ファイル (5145) は記録されていない。共有が使われたことはわかるが、"
        "どのファイルがコピーされたかはわからない。",
        "Advanced Audit Policy > Object Access > Audit Detailed File Share: Success and Failure.",
        "監査ポリシーの詳細な構成 > オブジェクト アクセス > 詳細なファイル共有の監査: 成功と失敗。",
        {AUDITPOL("Detailed File Share", AP_SF), NULL}},
    [RD_NEED_SCHEDULED_TASKS] = {"scheduled-tasks", RD_Q_RAN,
        "No scheduled task creation (Security 4698, TaskScheduler 106): a task planted for persistence or remote "
        "execution (schtasks /create /s) cannot be seen.",
        "タスク登録のイベント (Security 4698、TaskScheduler 106) がない。永続化やリモート実行 (schtasks /create /s) "
        "のために作られたタスクが見えない。",
        "Advanced Audit Policy > Object Access > Audit Other Object Access Events: Success and Failure; and "
        "enable the Microsoft-Windows-TaskScheduler/Operational log.",
        "監査ポリシーの詳細な構成 > オブジェクト アクセス > その他のオブジェクト アクセス イベントの監査: 成功と失敗。"
        "さらに Microsoft-Windows-TaskScheduler/Operational ログを有効にする。",
        {AUDITPOL("Other Object Access Events", AP_SF),
         "wevtutil sl Microsoft-Windows-TaskScheduler/Operational /e:true", NULL}},
    [RD_NEED_TASKSCHEDULER_LOG] = {"taskscheduler-log", RD_Q_RAN,
        "No TaskScheduler Operational log: task registrations, runs and their actions (106, 129, 200, 201) "
        "cannot be followed.",
        "TaskScheduler Operational ログがない。タスクの登録、実行とその動作 (106、129、200、201) を追えない。",
        "Enable and collect Microsoft-Windows-TaskScheduler/Operational (off by default on many Windows "
        "versions).",
        "Microsoft-Windows-TaskScheduler/Operational を有効にして収集する (多くの Windows で既定は無効)。",
        {"wevtutil sl Microsoft-Windows-TaskScheduler/Operational /e:true", NULL}},
    [RD_NEED_GROUP_MANAGEMENT] = {"security-group-management", RD_Q_COUNT,
        "No security group events (4728/4732/4756, 4799): if this auditing is off, an account added to "
        "Administrators or Domain Admins would not be seen.",
        "セキュリティ グループのイベント (4728/4732/4756、4799) がない。この監査が無効だと、アカウントが "
        "Administrators や Domain Admins に追加されても見えない。",
        "Advanced Audit Policy > Account Management > Audit Security Group Management: Success.",
        "監査ポリシーの詳細な構成 > アカウント管理 > セキュリティ グループの管理の監査: 成功。",
        {AUDITPOL("Security Group Management", AP_S), NULL}},
    [RD_NEED_AUDIT_POLICY] = {"audit-policy-change", RD_Q_COUNT,
        "No audit policy changes (4719, 4902-4912): if this auditing is off, an attacker turning auditing off "
        "would not be seen.",
        "監査ポリシーの変更 (4719、4902〜4912) がない。この監査が無効だと、攻撃者が監査を止めても見えない。",
        "Advanced Audit Policy > Policy Change > Audit Audit Policy Change: Success.",
        "監査ポリシーの詳細な構成 > ポリシーの変更 > 監査ポリシーの変更の監査: 成功。",
        {AUDITPOL("Audit Policy Change", AP_S), NULL}},
    [RD_NEED_SYSMON] = {"sysmon", RD_Q_RAN,
        "No Sysmon log: process starts with hashes and parents, network connections per process (3), files "
        "created (11) and remote threads cannot be seen.",
        "Sysmon ログがない。ハッシュと親プロセス付きのプロセス起動、プロセスごとの通信 (3)、作成されたファイル "
        "(11)、リモート スレッドが見えない。",
        "Install Sysmon with a maintained configuration and collect Microsoft-Windows-Sysmon/Operational.",
        "保守された設定ファイルで Sysmon を導入し、Microsoft-Windows-Sysmon/Operational を収集する。",
        {"sysmon64 -accepteula -i sysmonconfig.xml", NULL}},
    [RD_NEED_SCRIPT_BLOCK] = {"powershell-script-block", RD_Q_RAN,
        "No PowerShell script blocks (4104): what PowerShell code ran (download cradles, the decoded text of "
        "encoded commands) cannot be answered.",
        "PowerShell のスクリプト ブロック (4104) がない。どんな PowerShell コードが実行されたか (ダウンロード処理、"
        "エンコードされたコマンドの中身) 答えられない。",
        "Administrative Templates > Windows Components > Windows PowerShell > \"Turn on PowerShell Script Block "
        "Logging\": Enabled; collect Microsoft-Windows-PowerShell/Operational.",
        "管理用テンプレート > Windows コンポーネント > Windows PowerShell >「PowerShell スクリプト ブロックのログ記録を"
        "有効にする」: 有効。Microsoft-Windows-PowerShell/Operational を収集する。",
        {"reg add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging /v "
         "EnableScriptBlockLogging /t REG_DWORD /d 1 /f",
         NULL}},
    [RD_NEED_SYSTEM_LOG] = {"system-log", RD_Q_RAN,
        "No System log: services installed (7045, as psexec does) and the clearing of other logs (104) cannot "
        "be seen.",
        "System ログがない。サービスのインストール (7045、psexec が行う) や他のログの消去 (104) が見えない。",
        "Collect the System log.",
        "System ログを収集する。",
        {"wevtutil epl System C:\\System.evtx", NULL}},
    [RD_NEED_WINRM_LOG] = {"winrm-log", RD_Q_RAN,
        "No WinRM Operational log: remote PowerShell sessions (WinRM 6, 91) cannot be seen from this side.",
        "WinRM Operational ログがない。リモート PowerShell のセッション (WinRM 6、91) がこちら側から見えない。",
        "Collect Microsoft-Windows-WinRM/Operational (on by default).",
        "Microsoft-Windows-WinRM/Operational を収集する (既定で有効)。",
        {"wevtutil epl Microsoft-Windows-WinRM/Operational C:\\WinRM.evtx", NULL}},
    [RD_NEED_RDP_LOG] = {"rdp-log", RD_Q_LOGON,
        "No TerminalServices logs: RDP sessions and their source addresses (LocalSessionManager 21/24/25, "
        "RemoteConnectionManager 1149) cannot be seen.",
        "TerminalServices のログがない。RDP のセッションと接続元アドレス (LocalSessionManager 21/24/25、"
        "RemoteConnectionManager 1149) が見えない。",
        "Collect Microsoft-Windows-TerminalServices-LocalSessionManager/Operational and "
        "-RemoteConnectionManager/Operational (on by default).",
        "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational と "
        "-RemoteConnectionManager/Operational を収集する (既定で有効)。",
        {"wevtutil epl Microsoft-Windows-TerminalServices-LocalSessionManager/Operational C:\\LSM.evtx", NULL}},
    [RD_NEED_SECURITY_RETENTION] = {"security-log-retention", RD_Q_COUNT,
        "The Security log holds too little time: what happened before its first record cannot be answered.",
        "Security ログが保持する期間が短すぎる。最初のレコードより前に起きたことは答えられない。",
        "Raise the Security log maximum size (Security Settings > Event Log > Maximum security log size, or "
        "wevtutil sl Security /ms:BYTES) and forward the log to a collector.",
        "Security ログの最大サイズを大きくする (セキュリティの設定 > イベント ログ > セキュリティ ログの最大サイズ、"
        "または wevtutil sl Security /ms:バイト数)。ログを収集サーバーへ転送する。",
        {NULL}},
    [RD_NEED_LOG_CLEARED] = {"log-cleared", RD_Q_COUNT,
        "A log was cleared: the events before the clearing are gone from this computer.",
        "ログが消去された。消去より前のイベントはこのコンピューターから失われている。",
        "Find out who cleared it and why; forward logs off the computer (Windows Event Forwarding or a SIEM "
        "agent) so a clearing cannot erase them.",
        "誰がなぜ消去したか確認する。消去で失われないよう、ログをコンピューターの外へ転送する (Windows イベント転送"
        "や SIEM エージェント)。",
        {NULL}},
    [RD_NEED_DC_LOGS] = {"domain-controller-logs", RD_Q_DC,
        "No domain controller logs: no computer logged Kerberos events (4768/4769), so whether the domain "
        "controller was attacked (password guessing, Kerberoasting, forged tickets, new admin accounts) cannot "
        "be answered.",
        "ドメイン コントローラーのログがない。Kerberos のイベント (4768/4769) を記録したコンピューターがなく、"
        "ドメイン コントローラーが攻撃されたか (パスワード推測、Kerberoasting、偽造チケット、管理者アカウントの追加) "
        "答えられない。",
        "Collect the Security log of every domain controller, with Advanced Audit Policy > Account Logon > "
        "Audit Kerberos Authentication Service, Audit Kerberos Service Ticket Operations and Audit Credential "
        "Validation: Success and Failure.",
        "すべてのドメイン コントローラーの Security ログを収集する。監査ポリシーの詳細な構成 > アカウント ログオン > "
        "Kerberos 認証サービスの監査、Kerberos サービス チケット操作の監査、資格情報の確認の監査: 成功と失敗。",
        {AUDITPOL("Kerberos Authentication Service", AP_SF), AUDITPOL("Kerberos Service Ticket Operations", AP_SF),
         AUDITPOL("Credential Validation", AP_SF)}},
    [RD_NEED_DC_MISSING] = {"domain-controller-missing", RD_Q_DC,
        "This computer was named as a domain controller (--dc) but none of its logs are in the input: whether "
        "it was attacked cannot be answered.",
        "このコンピューターはドメイン コントローラーとして指定された (--dc) が、そのログが入力にない。攻撃されたか"
        "答えられない。",
        "Collect its Security log, with Kerberos Authentication Service, Kerberos Service Ticket Operations and "
        "Credential Validation auditing on (Success and Failure).",
        "その Security ログを収集する。Kerberos 認証サービス、Kerberos サービス チケット操作、資格情報の確認の監査を"
        "有効にする (成功と失敗)。",
        {"wevtutil epl Security C:\\Security.evtx", AUDITPOL("Kerberos Authentication Service", AP_SF),
         AUDITPOL("Kerberos Service Ticket Operations", AP_SF)}},
    [RD_NEED_KERBEROS_AS] = {"kerberos-authentication-service", RD_Q_DC,
        "No Kerberos ticket-granting tickets (4768) on this domain controller: where accounts authenticated "
        "from, password guessing over Kerberos and AS-REP roasting cannot be answered.",
        "このドメイン コントローラーに Kerberos の TGT 要求 (4768) がない。アカウントがどこから認証したか、Kerberos "
        "でのパスワード推測、AS-REP Roasting を答えられない。",
        "Advanced Audit Policy > Account Logon > Audit Kerberos Authentication Service: Success and Failure.",
        "監査ポリシーの詳細な構成 > アカウント ログオン > Kerberos 認証サービスの監査: 成功と失敗。",
        {AUDITPOL("Kerberos Authentication Service", AP_SF), NULL}},
    [RD_NEED_KERBEROS_TGS] = {"kerberos-service-ticket-operations", RD_Q_DC,
        "No Kerberos service tickets (4769) on this domain controller: Kerberoasting and which services an "
        "account reached cannot be answered.",
        "このドメイン コントローラーに Kerberos のサービス チケット (4769) がない。Kerberoasting や、アカウントが"
        "どのサービスに接続したかを答えられない。",
        "Advanced Audit Policy > Account Logon > Audit Kerberos Service Ticket Operations: Success and Failure.",
        "監査ポリシーの詳細な構成 > アカウント ログオン > Kerberos サービス チケット操作の監査: 成功と失敗。",
        {AUDITPOL("Kerberos Service Ticket Operations", AP_SF), NULL}},
    [RD_NEED_CREDENTIAL_VALIDATION] = {"credential-validation", RD_Q_DC,
        "No NTLM credential validation (4776) on this domain controller: NTLM logons and password spraying "
        "over NTLM cannot be seen.",
        "このドメイン コントローラーに NTLM の資格情報の確認 (4776) がない。NTLM でのログオンや NTLM での"
        "パスワード スプレー攻撃が見えない。",
        "Advanced Audit Policy > Account Logon > Audit Credential Validation: Success and Failure.",
        "監査ポリシーの詳細な構成 > アカウント ログオン > 資格情報の確認の監査: 成功と失敗。",
        {AUDITPOL("Credential Validation", AP_SF), NULL}},
};

const rd_need_info *rd_need_info_of(rd_need n) { return n < RD_NEED_COUNT ? &needs[n] : NULL; }

const char *rd_severity_name(rd_severity s) {
    static const char *const names[] = {"info", "medium", "high", "critical"};
    return s <= RD_CRITICAL ? names[s] : "info";
}

const char *rd_question_name(rd_question q) {
    static const char *const names[] = {"who_logged_on", "what_ran", "what_was_copied", "was_dc_attacked"};
    return q < RD_Q_COUNT ? names[q] : "none";
}

const char *rd_answer_name(rd_answer a) {
    static const char *const names[] = {"cannot", "partly", "can", "n/a"};
    return a <= RD_NOT_APPLICABLE ? names[a] : "cannot";
}

/* ---- the checks --------------------------------------------------------- */

/* Average bytes of a Security record in an .evtx file, to size the log. */
#define RD_BYTES_PER_RECORD 1024

static rd_gap *add_gap(readiness *r, int computer, rd_need need, rd_severity sev) {
    rd_gap *g = vec_push(&r->gaps);
    g->computer = computer;
    g->need = need;
    g->severity = sev;
    g->first_ms = g->last_ms = MTIME_NONE;
    g->first_record_id = -1;
    return g;
}

static bool any_of(const rd_computer *c, rd_chan_kind kind, const int32_t *ids, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (rd_events(c, kind, ids[i])) return true;
    return false;
}

#define ANY_SECURITY(c, ...) \
    any_of((c), RD_CH_SECURITY, (const int32_t[]){__VA_ARGS__}, sizeof((int32_t[]){__VA_ARGS__}) / sizeof(int32_t))

/* Only domain controllers log Kerberos events; 4776 alone is also logged by
 * member computers for their local accounts. */
static bool is_dc(const rd_computer *c) {
    return c->declared_dc || ANY_SECURITY(c, 4768, 4769, 4770, 4771, 4772, 4773);
}

static bool has_channel(const rd_computer *c, rd_chan_kind kind) {
    const rd_channel *ch = rd_channel_of(c, kind);
    return ch && ch->records;
}

static void check_retention(readiness *r, int ci, const rd_channel *sec) {
    if (!sec || !sec->records || sec->first_ms == MTIME_NONE) return;
    int64_t span = sec->last_ms - sec->first_ms;
    rd_severity sev;
    if (sec->first_record_id > 1) {
        if (span >= r->target_ms) return;
        sev = span < r->warn_ms ? RD_HIGH : RD_MEDIUM;
    } else if (sec->first_record_id < 0 && span < r->warn_ms) {
        sev = RD_INFO; /* no record ids: whether it wrapped cannot be told */
    } else {
        return;
    }
    rd_gap *g = add_gap(r, ci, RD_NEED_SECURITY_RETENTION, sev);
    g->first_ms = sec->first_ms;
    g->last_ms = sec->last_ms;
    g->first_record_id = sec->first_record_id;
    if (sec->first_record_id > 1 && span >= 3600 * 1000) { /* a shorter span gives no usable rate */
        double ids = (double)(sec->last_record_id - sec->first_record_id + 1);
        double bytes = ids / (double)span * (double)r->target_ms * RD_BYTES_PER_RECORD;
        if (bytes > 0 && bytes < 1e15) g->needed_bytes = (int64_t)bytes;
    }
}

static void check_security(readiness *r, int ci, const rd_computer *c, const rd_channel *sec, bool sysmon_ran) {
    if (!ANY_SECURITY(c, 4624, 4625)) {
        add_gap(r, ci, RD_NEED_LOGON, RD_CRITICAL);
    } else {
        if (!ANY_SECURITY(c, 4672)) add_gap(r, ci, RD_NEED_SPECIAL_LOGON, RD_MEDIUM);
        if (!ANY_SECURITY(c, 4648)) add_gap(r, ci, RD_NEED_EXPLICIT_CREDS, RD_INFO);
    }
    uint64_t n4688 = rd_events(c, RD_CH_SECURITY, 4688);
    if (!n4688) {
        add_gap(r, ci, RD_NEED_PROCESS_CREATION, sysmon_ran ? RD_MEDIUM : RD_HIGH);
    } else if (!c->cmdline_4688) {
        rd_gap *g = add_gap(r, ci, RD_NEED_COMMAND_LINE, sysmon_ran ? RD_MEDIUM : RD_HIGH);
        g->count = n4688;
    }
    if (!ANY_SECURITY(c, 5140, 5145)) add_gap(r, ci, RD_NEED_FILE_SHARE, RD_HIGH);
    else if (!ANY_SECURITY(c, 5145)) add_gap(r, ci, RD_NEED_DETAILED_FILE_SHARE, RD_MEDIUM);
    if (!ANY_SECURITY(c, 4698) && !rd_events(c, RD_CH_TASKSCHEDULER, 106))
        add_gap(r, ci, RD_NEED_SCHEDULED_TASKS, RD_MEDIUM);
    if (!ANY_SECURITY(c, 4727, 4728, 4729, 4730, 4731, 4732, 4733, 4734, 4735, 4737, 4754, 4755, 4756, 4757, 4758,
                      4764, 4799))
        add_gap(r, ci, RD_NEED_GROUP_MANAGEMENT, RD_INFO);
    if (!ANY_SECURITY(c, 4719, 4902, 4904, 4905, 4906, 4907, 4908, 4912))
        add_gap(r, ci, RD_NEED_AUDIT_POLICY, RD_INFO);
    check_retention(r, ci, sec);
    if (is_dc(c)) {
        if (!ANY_SECURITY(c, 4768)) add_gap(r, ci, RD_NEED_KERBEROS_AS, RD_HIGH);
        if (!ANY_SECURITY(c, 4769)) add_gap(r, ci, RD_NEED_KERBEROS_TGS, RD_HIGH);
        if (!ANY_SECURITY(c, 4776)) add_gap(r, ci, RD_NEED_CREDENTIAL_VALIDATION, RD_MEDIUM);
    }
}

static void verdicts_for(const rd_computer *c, const rd_channel *sec, rd_verdicts *v) {
    bool sysmon_ran = rd_events(c, RD_CH_SYSMON, 1) > 0;
    if (ANY_SECURITY(c, 4624)) v->answer[RD_Q_LOGON] = RD_CAN;
    else if (ANY_SECURITY(c, 4625, 4648) || has_channel(c, RD_CH_RDP_LSM) || has_channel(c, RD_CH_RDP_RCM))
        v->answer[RD_Q_LOGON] = RD_PARTLY;
    else v->answer[RD_Q_LOGON] = RD_CANNOT;

    if (c->cmdline_4688 || sysmon_ran) v->answer[RD_Q_RAN] = RD_CAN;
    else if (ANY_SECURITY(c, 4688, 4698) || rd_events(c, RD_CH_POWERSHELL, 4104) || has_channel(c, RD_CH_SYSMON) ||
             rd_events(c, RD_CH_SYSTEM, 7045))
        v->answer[RD_Q_RAN] = RD_PARTLY;
    else v->answer[RD_Q_RAN] = RD_CANNOT;

    if (ANY_SECURITY(c, 5145)) v->answer[RD_Q_SHARES] = RD_CAN;
    else if (ANY_SECURITY(c, 5140)) v->answer[RD_Q_SHARES] = RD_PARTLY;
    else v->answer[RD_Q_SHARES] = RD_CANNOT;

    v->dc = is_dc(c);
    if (!v->dc) v->answer[RD_Q_DC] = RD_NOT_APPLICABLE;
    else if (ANY_SECURITY(c, 4768) && ANY_SECURITY(c, 4769)) v->answer[RD_Q_DC] = RD_CAN;
    else if (ANY_SECURITY(c, 4768, 4769, 4771, 4776, 4624)) v->answer[RD_Q_DC] = RD_PARTLY;
    else v->answer[RD_Q_DC] = RD_CANNOT;

    v->since_ms = sec && sec->first_record_id > 1 ? sec->first_ms : MTIME_NONE;
}

static void check_computer(readiness *r, int ci, const rd_computer *c) {
    rd_verdicts *v = vec_push(&r->verdicts);
    const rd_channel *sec = rd_channel_of(c, RD_CH_SECURITY);
    if (sec && !sec->records) sec = NULL;
    verdicts_for(c, sec, v);
    if (!c->records) { /* a --dc computer with nothing in the input */
        add_gap(r, ci, RD_NEED_DC_MISSING, RD_CRITICAL);
        return;
    }
    bool sysmon_ran = rd_events(c, RD_CH_SYSMON, 1) > 0;
    if (!sec) add_gap(r, ci, RD_NEED_SECURITY_LOG, RD_CRITICAL);
    else check_security(r, ci, c, sec, sysmon_ran);
    if (!has_channel(c, RD_CH_SYSMON)) add_gap(r, ci, RD_NEED_SYSMON, RD_MEDIUM);
    if (!rd_events(c, RD_CH_POWERSHELL, 4104)) add_gap(r, ci, RD_NEED_SCRIPT_BLOCK, RD_MEDIUM);
    bool sched_gap = sec && !ANY_SECURITY(c, 4698) && !rd_events(c, RD_CH_TASKSCHEDULER, 106);
    if (!has_channel(c, RD_CH_TASKSCHEDULER) && !sched_gap) add_gap(r, ci, RD_NEED_TASKSCHEDULER_LOG, RD_INFO);
    if (!has_channel(c, RD_CH_SYSTEM)) add_gap(r, ci, RD_NEED_SYSTEM_LOG, RD_MEDIUM);
    if (!has_channel(c, RD_CH_WINRM)) add_gap(r, ci, RD_NEED_WINRM_LOG, RD_INFO);
    if (!has_channel(c, RD_CH_RDP_LSM) && !has_channel(c, RD_CH_RDP_RCM)) add_gap(r, ci, RD_NEED_RDP_LOG, RD_INFO);
    for (size_t k = 0; k < c->clears.len; k++) {
        rd_gap *g = add_gap(r, ci, RD_NEED_LOG_CLEARED, RD_HIGH);
        g->clear = k;
        g->first_ms = VEC_AT(&c->clears, rd_clear, k).time_ms;
    }
}

/* By computer (all computers first), then most severe first, then in the
 * order found (the need order). */
static int gap_order(const void *a, const void *b) {
    const rd_gap *x = a, *y = b;
    if (x->computer != y->computer) return x->computer < y->computer ? -1 : 1;
    if (x->severity != y->severity) return x->severity > y->severity ? -1 : 1;
    if (x->need != y->need) return x->need < y->need ? -1 : 1;
    if (x->first_ms != y->first_ms) return x->first_ms < y->first_ms ? -1 : 1;
    return x->clear < y->clear ? -1 : x->clear > y->clear;
}

void readiness_check(readiness *r, int64_t warn_ms, int64_t target_ms) {
    r->gaps.len = 0;
    r->verdicts.len = 0;
    r->warn_ms = warn_ms;
    r->target_ms = target_ms;
    bool any_dc = false;
    uint64_t ntlm_only = 0;
    for (size_t i = 0; i < rd_count(r); i++) {
        const rd_computer *c = rd_at(r, i);
        check_computer(r, (int)i, c);
        if (rd_verdicts_of(r, i)->dc) any_dc = true;
        else if (ANY_SECURITY(c, 4776)) ntlm_only++;
    }
    if (!any_dc) add_gap(r, -1, RD_NEED_DC_LOGS, RD_CRITICAL)->count = ntlm_only;
    vec_sort(&r->gaps, gap_order);
}

rd_answer rd_overall(const readiness *r, rd_question q) {
    rd_answer best = RD_CANNOT;
    for (size_t i = 0; i < r->verdicts.len; i++) {
        rd_answer a = rd_verdicts_of(r, i)->answer[q];
        if (a != RD_NOT_APPLICABLE && a > best) best = a;
    }
    return best;
}
