/* mitsuke's own YARA rules for mail attachments and archive members.
 *
 * Written for mitsuke from public descriptions of the techniques; each rule
 * says what it catches in `description` / `description_ja`, and `weight` is
 * the score it adds (docs/mail.md). Add your own with `mitsuke mail --yara DIR`. */

rule eicar_test_file
{
    meta:
        description = "EICAR anti-virus test file"
        description_ja = "ウイルス対策ソフトのテスト用ファイル (EICAR)"
        weight = 100
    strings:
        $eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    condition:
        $eicar in (0..128)
}

rule script_downloads_and_runs
{
    meta:
        description = "script that downloads a file and runs it"
        description_ja = "ファイルをダウンロードして実行するスクリプト"
        weight = 70
    strings:
        $shell1 = "WScript.Shell" nocase
        $shell2 = "Shell.Application" nocase
        $shell3 = "ShellExecute" nocase
        $net1 = "MSXML2.XMLHTTP" nocase
        $net2 = "WinHttp.WinHttpRequest" nocase
        $net3 = "Microsoft.XMLHTTP" nocase
        $net4 = "ADODB.Stream" nocase
        $url = /https?:\/\/[a-z0-9.\-]+/ nocase
    condition:
        filesize < 2MB and any of ($shell*) and any of ($net*) and $url
}

rule powershell_encoded_or_cradle
{
    meta:
        description = "PowerShell with an encoded command or a download cradle"
        description_ja = "エンコードされたコマンドまたはダウンロード処理を含む PowerShell"
        weight = 60
    strings:
        $ps = "powershell" nocase ascii wide
        $enc1 = /\s-e(nc|ncodedcommand)?\s+[A-Za-z0-9+\/=]{40}/ nocase ascii wide
        $cr1 = "DownloadString" nocase ascii wide
        $cr2 = "DownloadFile" nocase ascii wide
        $cr3 = "FromBase64String" nocase ascii wide
        $cr4 = "Invoke-Expression" nocase ascii wide
        $cr5 = "Net.WebClient" nocase ascii wide
        $cr6 = "Invoke-WebRequest" nocase ascii wide
    condition:
        $ps and ($enc1 or 2 of ($cr*))
}

rule lnk_runs_command_interpreter
{
    meta:
        description = "shortcut that starts a command interpreter or script host"
        description_ja = "コマンドやスクリプトを起動するショートカット"
        weight = 80
    strings:
        $c1 = "powershell" nocase ascii wide
        $c2 = "cmd.exe" nocase ascii wide
        $c3 = "mshta" nocase ascii wide
        $c4 = "wscript" nocase ascii wide
        $c5 = "cscript" nocase ascii wide
        $c6 = "rundll32" nocase ascii wide
        $c7 = "regsvr32" nocase ascii wide
    condition:
        uint32(0) == 0x0000004c and any of them
}

rule html_smuggling
{
    meta:
        description = "web page that assembles a file in the browser (HTML smuggling)"
        description_ja = "ブラウザ内でファイルを組み立てる Web ページ (HTML スマグリング)"
        weight = 60
    strings:
        $blob1 = "msSaveOrOpenBlob" nocase
        $blob2 = "createObjectURL" nocase
        $dec1 = "atob(" nocase
        $dec2 = "Uint8Array" nocase
        $dl = ".download" nocase
    condition:
        filesize < 20MB and any of ($blob*) and any of ($dec*) and ($dl or $blob1)
}

rule rtf_equation_editor_exploit
{
    meta:
        description = "RTF document embedding the Equation Editor object (CVE-2017-11882 and kin)"
        description_ja = "数式エディタのオブジェクトを埋め込んだ RTF 文書 (CVE-2017-11882 など)"
        weight = 70
    strings:
        $rtf = "{\\rt"
        $eq1 = "Equation.3" nocase
        $eq2 = "4571756174696f6e2e33" nocase
        $eq3 = "0002ce02-0000-0000-c000-000000000046" nocase
        $eq4 = "02ce020000000000c000000000000046" nocase
    condition:
        $rtf at 0 and any of ($eq*)
}

rule vba_auto_exec_shell
{
    meta:
        description = "Office macro that runs on opening and starts programs"
        description_ja = "文書を開くと実行され、プログラムを起動するマクロ"
        weight = 40
    strings:
        $auto1 = "AutoOpen" nocase ascii wide
        $auto2 = "Document_Open" nocase ascii wide
        $auto3 = "Workbook_Open" nocase ascii wide
        $auto4 = "Auto_Open" nocase ascii wide
        $run1 = "Shell" nocase ascii wide
        $run2 = "WScript" nocase ascii wide
        $run3 = "CreateObject" nocase ascii wide
    condition:
        any of ($auto*) and any of ($run*)
}

rule pe_packed_upx
{
    meta:
        description = "Windows program packed with UPX"
        description_ja = "UPX で圧縮された Windows プログラム"
        weight = 30
    strings:
        $upx0 = "UPX0"
        $upx1 = "UPX1"
    condition:
        uint16(0) == 0x5a4d and $upx0 and $upx1
}
