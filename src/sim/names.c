/* names.c - the tables of names.h. */
#include "sim/names.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const jname family_names[] = {
    {"佐藤", "sato"},     {"鈴木", "suzuki"},   {"高橋", "takahashi"}, {"田中", "tanaka"},  {"伊藤", "ito"},
    {"渡辺", "watanabe"}, {"山本", "yamamoto"}, {"中村", "nakamura"},  {"小林", "kobayashi"}, {"加藤", "kato"},
    {"吉田", "yoshida"},  {"山田", "yamada"},   {"佐々木", "sasaki"},  {"山口", "yamaguchi"}, {"松本", "matsumoto"},
    {"井上", "inoue"},    {"木村", "kimura"},   {"林", "hayashi"},     {"斎藤", "saito"},   {"清水", "shimizu"},
    {"山崎", "yamazaki"}, {"森", "mori"},       {"池田", "ikeda"},     {"橋本", "hashimoto"}, {"阿部", "abe"},
    {"石川", "ishikawa"}, {"山下", "yamashita"}, {"中島", "nakajima"}, {"石井", "ishii"},   {"小川", "ogawa"},
    {"前田", "maeda"},    {"岡田", "okada"},    {"長谷川", "hasegawa"}, {"藤田", "fujita"}, {"後藤", "goto"},
    {"近藤", "kondo"},    {"村上", "murakami"}, {"遠藤", "endo"},      {"青木", "aoki"},    {"坂本", "sakamoto"},
};
const size_t family_names_count = COUNT(family_names);

const jname given_names[] = {
    {"太郎", "taro"},     {"一郎", "ichiro"},   {"健", "ken"},        {"誠", "makoto"},   {"浩", "hiroshi"},
    {"大輔", "daisuke"},  {"直樹", "naoki"},    {"和也", "kazuya"},   {"拓也", "takuya"}, {"翔", "sho"},
    {"隆", "takashi"},    {"修", "osamu"},      {"聡", "satoshi"},    {"淳", "jun"},      {"剛", "tsuyoshi"},
    {"花子", "hanako"},   {"洋子", "yoko"},     {"恵子", "keiko"},    {"裕子", "yuko"},   {"美穂", "miho"},
    {"由美", "yumi"},     {"智子", "tomoko"},   {"久美子", "kumiko"}, {"真由美", "mayumi"}, {"彩", "aya"},
    {"愛", "ai"},         {"麻衣", "mai"},      {"千尋", "chihiro"},  {"明美", "akemi"},  {"幸子", "sachiko"},
};
const size_t given_names_count = COUNT(given_names);

const department departments[] = {
    {"総務部", "SOM", "somu"},         {"人事部", "JIN", "jinji"},       {"経理部", "KEI", "keiri"},
    {"年金給付部", "KYU", "kyufu"},    {"年金徴収部", "CHO", "choshu"},  {"記録管理部", "KIR", "kiroku"},
    {"事業推進部", "JIG", "jigyo"},    {"相談室", "SOU", "soudan"},      {"情報管理部", "JOH", "joho"},
    {"広報室", "KOH", "koho"},
};
const size_t departments_count = COUNT(departments);

/* The browsers of a 2015 Japanese government office: mostly IE11 on
 * Windows 7, some older IE, some Firefox and Chrome. */
const browser_ua browser_uas[] = {
    {"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko", 38},
    {"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; SLCC2; .NET CLR 2.0.50727; .NET CLR 3.5.30729; "
     ".NET CLR 3.0.30729; Media Center PC 6.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko",
     14},
    {"Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko", 8},
    {"Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko", 4},
    {"Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)", 4},
    {"Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0)", 4},
    {"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:37.0) Gecko/20100101 Firefox/37.0", 8},
    {"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:38.0) Gecko/20100101 Firefox/38.0", 4},
    {"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 "
     "Safari/537.36",
     10},
    {"Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.152 Safari/537.36", 4},
    {"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/43.0.2357.65 "
     "Safari/537.36",
     2},
};
const size_t browser_uas_count = COUNT(browser_uas);

const char *const site_words[] = {
    "sakura", "yama", "kawa", "umi", "hana", "tori", "kaze", "sora", "mori", "hoshi", "tsuki", "yuki",
    "aoi", "midori", "shiro", "kuro", "aka", "kin", "gin", "tetsu", "kobo", "shoten", "seimen", "kogyo",
    "shokai", "bussan", "kikaku", "sekkei", "denki", "kensetsu", "unyu", "nouen", "ryokan", "clinic", "jimusho",
    "school", "juku", "club", "net", "web", "info", "navi", "life", "style", "works", "labo", "plus",
    "tokyo", "osaka", "nagoya", "sapporo", "sendai", "kobe", "kyoto", "fukuoka", "hiroshima", "niigata",
    "chiba", "saitama", "yokohama", "nara", "shizuoka", "okayama", "kumamoto", "kagoshima", "naha", "mito",
    "tsukuba", "kanazawa", "toyama", "gifu", "otsu", "wakayama", "tottori", "matsue", "tokushima", "kochi",
};
const size_t site_words_count = COUNT(site_words);

const char *const site_tlds[] = {".jp", ".co.jp", ".com", ".net", ".or.jp", ".ne.jp", ".jp", ".co.jp", ".com",
                                 ".info", ".biz", ".org"};
const size_t site_tlds_count = COUNT(site_tlds);

const char *const doc_words[] = {
    "会議資料", "議事録", "報告書", "予算案", "申請書", "通知", "名簿", "集計表", "業務手順書", "研修資料",
    "決裁文書", "回答案", "照会", "年金記録", "加入者一覧", "給付状況", "徴収実績", "月次報告", "週報",
    "契約書", "見積書", "請求書", "稟議書", "出張報告", "勤務表", "連絡網", "作業計画", "点検結果",
};
const size_t doc_words_count = COUNT(doc_words);

const char *const doc_exts[] = {".xlsx", ".docx", ".xls", ".doc", ".pdf", ".csv", ".pptx", ".txt"};
const size_t doc_exts_count = COUNT(doc_exts);
