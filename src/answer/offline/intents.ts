/**
 * Question types the offline answerer knows, in priority order. Each says how to recognise the question, which
 * words to drop before looking for the question's topic (they ask *how*, not *what*), which words to add to the
 * search, and what a supporting clause must contain to be an answer at all (a "how far" question is not
 * answered by a clause without a distance).
 */
export interface Intent {
  name: IntentName;
  detect: RegExp;
  /** Question words removed before topic extraction. */
  strip?: RegExp;
  /** Extra search words, in the knowledge base's vocabulary. */
  expand?: string;
  /** A clause that answers must match this. */
  shape?: RegExp;
  /** Cite a second supporting sentence when one is nearly as good (descriptive questions). */
  allowTwo?: boolean;
}

export type IntentName =
  | "price"
  | "grant"
  | "change"
  | "name"
  | "rank"
  | "phone"
  | "honour"
  | "englishName"
  | "duration"
  | "area"
  | "distance"
  | "length"
  | "when"
  | "count"
  | "position"
  | "companies"
  | "who"
  | "location"
  | "neighbour"
  | "exit"
  | "transport"
  | "industry"
  | "plan"
  | "overview";

// 2.4万平方米, 1.2万亩: Chinese writes large figures with 万/亿 before the unit.
export const AREA = /\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:平方公里|平方千米|平方米|公顷|亩|km2|km²)/;
export const DISTANCE = /\d+(?:\.\d+)?\s*(?:公里|千米|km)(?![2²])/;
/** A date: a year (not 年度, a fiscal year), a month and day, or part of a month (6月底, 3月上旬). */
export const DATE =
  /\d{4}年(?!度)(?:\d{1,2}月(?:\d{1,2}(?:-\d{1,2})?日)?)?|\d{1,2}月\d{1,2}(?:-\d{1,2})?日|(?:今年|去年|当年|同年|本年|前年|明年|次年)\d{1,2}月|\d{1,2}月(?:底|初|末|中旬|上旬|下旬)|\d{4}-\d{2}-\d{2}/;
export const COUNT =
  /(?<![\d.])\d{1,3}(?:\.\d+)?\s*(?:多|余)?\s*(?:块|个|家|项|座|条|所|名|人|年|批|次|届|类|件|套|户|间|台|辆|栋|张|份|种|艘|架|位|列|趟)|(?<![\d.])\d+(?:\.\d+)?\s*(?:多|余)?\s*万?\s*(?:多|余)?\s*(?:块|个|家|项|座|条|所|名|人|批|次|件|类|套|户|间|台|辆|栋|张|份|种|艘|架|位|列|趟)|[一二三四五六七八九十两百千万]+(?:块|个|家|项|座|条|所|名|次|届|类|套|户|间|台|辆|栋|种|份|件|张)/;
const POSITION = /(?:主任|书记|委员|主席|局长|市长|区长|部长|经理|董事长|院长|校长|总裁|负责人|处长|科长)/;
const COMPANY = /(?:公司|企业|集团|厂)/;
/** Who did it: an organisation or an office holder. */
const AGENT =
  /(?:政府|国务院|(?<![东南西北中内外全局底上下头])部(?!分)|院|委|局|厅|公司|中心|学院|项目组|主任|书记|委员|市长|区长)/;

/** Money: the articles state no prices, so a price question must find one or be refused. */
export const MONEY = /\d+(?:\.\d+)?\s*(?:万|亿|千万|百万)?\s*(?:元|美元|欧元|港元|日元|块钱)|[¥$]\s*\d/;

/** A change stated as a rate: 同比增长8.7%, 提高3个百分点, 翻了一番. */
export const RATE =
  /\d+(?:\.\d+)?\s*(?:%|％|个百分点|倍)|(?:比上年|较上年|同比)?(?:增加|减少)\s*\d+(?:\.\d+)?\s*(?:家|个|项|人|件|座|所)|百分之[\d零一二三四五六七八九十点]+|翻(?:了)?(?:一|两|几)?番|由[^,，。；;]{1,24}(?:增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|上升至|扩大到|扩大至|升至|降至|减少到|减少至|下降到|下降至)/;
/** A place in a ranking: 第78位, 排名第3, 前十. */
export const RANK =
  /第\s*[\d一二三四五六七八九十百]+\s*(?:位|名|个|家|批)|排名第|位列第|居第|前\s*[\d一二三四五六七八九十]+\s*(?:位|名|强)?/;

export const INTENTS: Intent[] = [
  {
    // "增长多少", "增速是多少": the rate of change, not the quantity that changed (产值486亿元, 同比增长8.7%).
    name: "change",
    detect:
      /(?:增长|增速|增幅|涨幅|降幅|下降|提高|提升|上涨|涨|降)(?:了|率)?(?:多少|几|百分之几)|增速|增幅|涨幅|降幅|(?:比|较)(?:上年|去年|上一年|前一年)[^，,。？?]{0,4}(?:多了|少了|增加了?|减少了?)(?:多少|几)|growth rate|grew by|how fast|by how much/,
    strip: /(?:了|率)?(?:多少|几|百分之几)|是多少|by how much|how fast/g,
    shape: RATE,
  },
  {
    // "全名叫什么", "英文名是什么": the park's names, as a sentence or an infobox row states them.
    name: "name",
    detect: /全称|全名|简称|full name|official name/,
    strip:
      /的?(?:全称|全名|简称|英文名称?|外文名称?|英文|英语)(?:叫|是)?(?:什么|啥)?|full name|english name|official name|called in english/g,
    shape: /全称|全名|简称|英文名|外文名|英文|[A-Z][a-z]+ (?:National )?(?:High|Hi|Economic|Industrial)/,
  },
  {
    // "多长时间", "多久": a span of time (15分钟内即可驶上高速), not a date.
    name: "duration",
    detect: /多长时间|多少时间|多久|几分钟|多少分钟|几个?小时|多少小时|(?<!哪)几天|多少天|how long/,
    strip: /要?(?:多长时间|多少时间|多久|几分钟|多少分钟|几个?小时|多少小时|(?<!哪)几天|多少天)|how long/g,
    shape:
      /\d+(?:\.\d+)?\s*(?:分钟|小时|个小时|天|个工作日|工作日|秒|min|minutes?|hours?|days?)|半小时|一小时|[一二三四五六七八九十两]+(?:分钟|小时|个小时|天|个工作日)/,
  },
  {
    // "排第几", "排名多少": a place in a ranking.
    name: "rank",
    detect:
      /排第几|排名第几|排名多少|排多少名|排在第几|第几名|第几位|名次|位次|排名(?:情况|怎么样|如何)?|\brank(?:ed|ing)?\b/,
    strip: /中?排(?:在|名)?第几(?:名|位)?|排名(?:多少|情况|怎么样|如何)?|排多少名|第几(?:名|位)|名次|位次/g,
    shape: RANK,
  },
  {
    // "英文名叫什么": the name in English letters, not the Chinese full name.
    name: "englishName",
    detect: /英文名|外文名|英文叫|英语叫|英文怎么说|英文全称|english name|called in english/,
    strip:
      /的?(?:英文名称?|外文名称?|英文全称|英文|英语)(?:叫|是)?(?:什么|啥|怎么说)?|english name|called in english/g,
    shape: /[a-z][a-z-]+(?: [a-z-]+){0,8} (?:zone|park|district|area)\b/i,
  },
  {
    // "拿过哪些荣誉", "评上了个什么省级示范": a title the park was given, which sentences state as 获评/评为/入选….
    name: "honour",
    // (An English "award" is as often money as a title: it is left to the other question types.)
    detect:
      /荣誉|称号|牌子|奖项|殊荣|(?:评上|评为|获评|荣获|入选|拿到|拿过|获得)了?(?:个|些|过)?(?:什么|哪些|啥|哪个)|授牌|表彰|honou?rs?\b|accolades?|\btitles?\b/,
    strip:
      /(?:什么|哪些|啥|哪个|哪几个)?(?:荣誉称号|荣誉|称号|牌子|奖项|殊荣)|(?:评上|评为|获评|荣获|入选|拿到|拿过|获得)了?(?:个|些|过)?(?:什么|哪些|啥|哪个)?/g,
    expand: "获评 荣获 称号 荣誉 入选 授予",
    shape:
      /获评|被?评为|荣获|授予|入选|认定为|命名为|称号|荣誉|表彰|获批(?:为|成为)?[^，,。]{0,16}(?:示范|基地|园区|单位)/,
    allowTwo: true,
  },
  {
    // "打哪个电话咨询", "热线是多少": a phone number, not a count.
    name: "phone",
    detect: /电话|热线|联系方式|号码|手机号|\bphone\b|hotline|telephone|contact number/,
    // (Which line — 投资热线, 咨询电话 — stays a topic: a page lists several.)
    strip:
      /(?:联系)?(?:电话|联系方式|号码|手机号)(?:是|为)?(?:多少|几号|什么)?|(?<=热线)(?:是|为)?(?:多少|几号|什么)/g,
    expand: "电话 热线 联系",
    shape: /(?<!\d)(?:\d{3,4}[-－—]\d{7,8}|1\d{10}|\d{7,8})(?!\d)/,
  },
  {
    // "奖多少", "房租能补贴多少": a grant, given as money or as a share (按租金的50%给予补贴).
    name: "grant",
    // ("能拿多少补助", "有多少奖励": the amount named after 多少.)
    detect:
      /(?:奖|补|奖励|补贴|补助|资助|扶持)(?:了|给)?多少|多少(?:钱的?)?(?:补助|补贴|奖励|资助|扶持资金|奖金)/,
    shape: new RegExp(`${MONEY.source}|\\d+(?:\\.\\d+)?\\s*%`),
  },
  {
    name: "price",
    // 投资多大, 投了多少: an amount of money too.
    detect:
      /多少钱|多钱|几块钱|价格|价钱|费用|收费|租金|地价|房价|票价|车费|投资(?:规模|额|总额)?(?:有)?多[大少]|投了多少|多少投资|how much|price|cost|fare|\brent\b/,
    // "投资规模多大": how much was invested — the sentence says 总投资…亿元, so only the figure is asked for.
    strip: /(?:总)?投资(?:规模|额|总额)(?:有)?多[大少]|(?:总)?投资(?:有)?多[大少]|投了多少(?:钱)?|多少投资/g,
    expand: "投资",
    shape: MONEY,
  },
  {
    name: "area",
    // 投资规模多大 asks for money, 人口规模多大 for people: 多大 is an area only after no other measure.
    detect:
      /面积|(?<!规模|投资|资金|产值|营收|收入|人口|年龄|力度|影响|奖励|补贴)多大|多少平方|平方公里|占地|how (?:big|large)(?!.*\b(?:grant|investment|fund|budget|subsid|reward|award|bonus|population)s?\b)|\barea\b|\bsize\b/,
    strip: /(?:规划)?(?:总)?面积|有多大|多大|多少平方(?:公里|千米)?|平方公里|占地/g,
    expand: "面积 平方公里",
    shape: AREA,
  },
  {
    // "试验线多长", "全长多少": the length of a line or a road, stated as 长5.6公里 — not a distance to a place.
    name: "length",
    detect: /多长(?!时间)|全长|长度|how long is/,
    strip: /有?多长(?!时间)|全长|长度|how long is/g,
    shape: /(?:长|全长|长度)(?:约|达|为|近|超过)?\s*\d+(?:\.\d+)?\s*(?:公里|千米|米|km)/,
  },
  {
    name: "distance",
    detect:
      /多远|远不远|远吗|距离|多少公里|几公里|多少千米|how far|distance|\baway\b|how many (?:km|kilomet|miles)|(?:离|距).{1,16}(?:多少|几|远|近)/,
    strip: /距离|有多远|多远|远不远|远吗|多少公里|几公里|多少千米|^离|(?<=[^\p{Script=Han}]|^)离|距/gu,
    expand: "距 公里",
    shape: DISTANCE,
  },
  {
    name: "when",
    detect:
      /什么时候|啥时候|何时|哪一?年|几几年|哪天|哪一天|哪几天|哪些天|几月|几号(?!窗口|楼|线|门|馆|厅|厂房|地块|展位)|什么时间|(?<!多长|多少)时间|日期|\bwhen\b|what year|which year|what date|which date|\bsince\b|\bdeadline\b/,
    strip:
      /什么时候|啥时候|何时|哪一?年|几几年|哪天|哪一天|哪几天|哪些天|几月几[日号]|几月|几号|什么时间|时间|日期|是在|于/g,
    expand: "年 月 日",
    shape: DATE,
  },
  {
    name: "count",
    // 哪几条 / 哪几种 ask "which ones" (a list), not "how many".
    // (这几年, 近几年 say when, not how many.)
    detect:
      /多少(?!钱)|(?<![哪边这近前头])几[块个家项座条所名批次届类年套户间台辆栋张份种]|how many|number of/,
    // Only the measure word that belongs to 多少/几: the 家 of 国家级 stays.
    strip:
      // (项 of 项目 is the noun, not a measure word.)
      /有?多少(?:[块个家座条所名件位套户间台辆栋张份种]|项(?!目))?|(?<!哪)几(?:[块个家座条所名批次届类年件位套户间台辆栋张份种]|项(?!目))?/g,
    // "产值是多少", "增长了多少": a quantity in money or per cent answers "how much" as a count does "how many".
    shape: new RegExp(`${COUNT.source}|${MONEY.source}|\\d+(?:\\.\\d+)?\\s*%`),
  },
  {
    name: "position",
    detect:
      /职务|职位|头衔|什么职|啥职|担任|身份|什么官|是干什么的|干嘛的|干啥的|什么人|\bposition\b|\brole\b|\bjob\b|\bpost\b/,
    strip: /职务|职位|头衔|(?:什么|啥)职位?|担任什么|担任|身份|什么官|是干什么的|干嘛的|干啥的|什么人/g,
    expand: "主任 委员",
    shape: POSITION,
  },
  {
    name: "companies",
    detect:
      /(?:哪些|哪几家|哪家|什么|哪个|几家|边几间|边间|哪几间)(?:企业|公司)|哪些(?:单位|机构)|(?:which|what) (?:companies|firms|enterprises)|公司.{0,4}哪些/,
    strip: /哪些|哪几家|哪家|什么|哪个|几家|边几间|边间|哪几间|企业|公司|单位|机构/g,
    expand: "公司",
    shape: COMPANY,
  },
  {
    name: "who",
    detect:
      /谁|哪个(?:部门|单位|机构|组织|部|人)|哪家(?:机构|单位)|什么(?:机构|单位|部门|组织)|哪一?级|\bwho\b|which (?:organi[sz]ation|body|department|agency|institute|ministry|government)/,
    strip:
      /是谁|谁|哪个(?:部门|单位|机构|组织|部|人)?|哪家(?:机构|单位)?|什么(?:机构|单位|部门|组织)|哪一?级(?:机关|部门|政府|单位)?/g,
    shape: AGENT,
  },
  {
    // "走高速在哪个口下", "下道口叫什么": the expressway exit (…高新出口, …收费站), not where the park is.
    name: "exit",
    detect:
      /(?:哪个|哪一个|什么|啥)(?:出)?口(?:下|出|进)|(?:下道口|下高速|出口|收费站)(?:叫|是|在)(?:什么|啥|哪)|(?:在|从)哪(?:个|里|儿)?(?:下高速|下道)|expressway exit|highway exit/,
    strip:
      /(?:在|从)?(?:哪个|哪一个|什么|啥)(?:出)?口(?:下|出|进)?|(?:下道口|下高速|出口|收费站)(?:叫|是|在)(?:什么|啥|哪(?:个|里|儿)?)|(?:在|从)哪(?:个|里|儿)?(?:下高速|下道)|走高速(?:的话)?/g,
    expand: "出口 收费站 高速",
    shape: /出口|收费站|互通|下道口|exit/i,
  },
  {
    // "挨着哪条河", "东边挨着什么", "边上那座山叫什么": what lies beside the park — a river bank, a mountain's foot,
    // what it borders on — not where it is.
    name: "neighbour",
    detect:
      /(?:挨着|靠着|紧挨|紧邻|毗邻|临着|旁边|边上|[东南西北](?:边|面|侧))(?:的|是|有)?(?:那|这)?(?:一)?(?:条|座|个)?(?:什么|哪|啥)(?![\p{Script=Han}]{0,2}(?:项目|企业|公司|产业|配套|设施|学校|医院|酒店))|(?:哪条|什么|那条|哪座|那座)(?:河|江|溪|水|山)|what (?:river|mountain)|which (?:river|mountain)/u,
    // (Which kind — a river, a mountain — and which side are checked against the sentence: see `select`.)
    strip:
      /(?:挨着|靠着|紧挨|紧邻|毗邻|临着|旁边|边上|[东南西北](?:边|面|侧))|(?:什么|哪|那|这|啥)(?:一)?(?:条|座)?(?:河|江|溪|山)?|(?:叫|是)(?:什么|啥)|(?:从\p{Script=Han}{1,8}里?)?(?:穿过|流过|流经|经过)/gu,
    expand:
      "南岸 北岸 东岸 西岸 南麓 北麓 东麓 西麓 东接 西接 南接 北接 东临 西临 南临 北临 东邻 西邻 南邻 北邻 毗邻 紧邻 濒临 之滨 河畔 江畔 山脚 穿境而过 穿境 流经 穿过 贯穿 横贯",
    // A bank, a foot, a border: 南岸, 之滨, 南麓, 东接, 西邻, 毗邻.
    shape:
      /[东南西北]岸|之滨|[河江湖溪]畔|[东南西北]麓|山脚|山下|[东南西北](?:接|临|邻|靠|倚|依|至|抵|连)|毗邻|紧邻|濒临|依山|傍水|背靠|面朝|穿(?:境|城|区|园)?而过|穿过|流经|横贯|贯穿|bank of|foot of|borders?|flows? through/,
  },
  {
    name: "location",
    detect:
      /在哪|哪里|哪儿|哪边|哪一边|哪块(?!工作|业务|领域)|位于|位置|方位|什么地方|哪个方向|\bwhere\b|located|location(?! advantage)/,
    strip: /在哪里|在哪儿|在哪|哪里|哪儿|哪一?边|哪块(?!工作|业务|领域)|位置|方位|什么地方|哪个方向/g,
    expand: "位于",
    // A place stated as such: 位于…, 地处…, …东北部, 地点为…, 在…举行.
    shape:
      /位于|地处|坐落|部|城区|地点|地址|设在|在.{2,16}(?:举行|举办|召开)|(?:送至|寄至|报送至|提交至|送达)|\p{Script=Han}{1,8}(?:路|大道|街)\d+号|\d+楼/u,
  },
  {
    name: "transport",
    detect:
      /交通|怎么去|怎么走|如何到达|路线|铁路|高速|公路|transport|traffic|railway|highway|expressway|get there/,
    strip: /怎么样|怎么去|怎么走|如何到达|如何|怎样|咋样/g,
    expand: "交通 铁路 高速公路",
    allowTwo: true,
  },
  {
    name: "industry",
    detect: /产业|行业|发展什么|重点发展|主导|industr/,
    // 重点发展 / 主要发展 / 主导 / 支柱 all ask for the park's leading industries, however its pages word them.
    strip: /哪些|什么|有哪些|(?:重点|主要|着力|大力)发展|主导|支柱|重点(?!项目|企业|实验室|工程)/g,
    expand: "产业 发展 主导",
    allowTwo: true,
  },
  {
    name: "plan",
    detect:
      /目标|规划|计划|定位|思路|方向|愿景|下一步|下一阶段|未来|打算|将要|要做|打造成|建设成|建成什么|goal|plan|aim|vision|future|next|ambition|target|objective/,
    strip: /目标|计划|定位|愿景|打算|方向|是什么|有哪些|什么|哪些|怎么样|如何/g,
    expand: "打造 建成 助力 思路 未来 下一阶段",
    allowTwo: true,
  },
  {
    name: "overview",
    detect:
      /介绍|简介|概况|基本情况|(?:什么|啥|怎么个)情况|怎么样|咋样|如何|是什么|什么样|tell me about|introduce|overview|what is|what's/,
    strip:
      /介绍一下|介绍|简介|概况|基本情况|(?:是个|是)?(?:什么|啥|怎么个)情况|怎么样|咋样|如何|是什么|什么样/g,
    allowTwo: true,
  },
];

/** The intents a question shows, in priority order (the first one decides the answer's shape). */
export function detectIntents(foldedQuestion: string): Intent[] {
  return INTENTS.filter((intent) => intent.detect.test(foldedQuestion));
}

/**
 * Meta questions ask about the articles themselves, not about the park: one article's date, source or title,
 * the list of articles, or the latest news.
 */
export type MetaAsk = "date" | "source" | "title" | "list" | "latest" | "earliest" | "sources";

const ABOUT_ARTICLE =
  /这篇|那篇|哪篇|本篇|该篇|此篇|本文|原文|文章|报道|新闻|稿件|消息|资料|信息|数据|通知|公告|通告|公报|公众号|推文|网页|页面|那页|这页|此页|词条|article|\bnews\b|report|story|this page|your (?:data|information)/;
/** "知识库里有哪些文章", "list the articles". */
const LIST_ASK =
  /(?:有|都有|收录了?|收了|存了|包括)(?:哪些|什么|几篇)\p{Script=Han}{0,10}?(?:文章|新闻|报道|资料)|(?:文章|资料|新闻)(?:列表|目录|清单)|哪些文章|what articles|which articles|list (?:the |all )?(?:articles|news)/u;
/** "最新的消息是什么", "what's the latest news". */
const LATEST_ASK =
  /最新(?:的)?(?:一条|一篇|的一条|的一篇)?(?:消息|新闻|文章|报道|动态|资讯)|最新(?:的)?(?:那|这)?一篇|最近(?:有)?(?:什么|哪些)(?:新闻|消息|动态)|latest (?:news|article|update)|newest article|what'?s new/;
/** "最早的一篇文章", "the oldest article". */
const EARLIEST_ASK =
  /最早(?:的)?(?:那|这)?(?:一)?(?:条|篇)?(?:的)?(?:消息|新闻|文章|报道|资料)|最早(?:的)?(?:那|这)?一?篇|最老(?:的)?(?:那|这)?一?篇|第一篇(?:文章|报道)|最老的(?:文章|报道)|(?:earliest|oldest|first) (?:news|article|report)/;
/** "文章都来自哪些网站", "which sources do you use". */
const SOURCES_ASK =
  /(?:知识库|文章|资料|数据|信息|内容|消息|新闻|报道).{0,8}(?:来自|来源于|出自|取自|引用)(?:了)?(?:哪些|哪几个|哪几家|什么)(?:网站|来源|媒体|单位|地方)|(?:which|what) (?:sites|websites|sources) (?:do|does|are|is)|list (?:the |all )?sources/;
const META_ASKS: Array<[MetaAsk, RegExp]> = [
  ["date", /什么时候|何时|哪天|哪一天|日期|时间|几号|几月|哪年|\bwhen\b|\bdate\b|how old/],
  [
    "source",
    /来源|出处|出自|哪个网站|哪家网站|网站|哪个号|哪个公众号|哪个单位|哪家单位|哪个部门|什么单位|什么部门|哪家报纸|哪个报纸|哪份报纸|哪家媒体|哪个媒体|转载|转发|哪里来|从哪|谁发|谁写|作者|媒体|source|website|\bsite\b|who (?:wrote|published)/,
  ],
  ["title", /标题|题目|题为|叫什么|title|headline/],
];
const PUBLISHING =
  /发布|公布|发表|刊登|刊发|刊载|刊出|登的|登载|发的|(?:谁|哪天|什么时候|何时)写的|更新|转载|published|posted|written|updated|reposted/;

/** What a meta question asks (date, source, title), or [] when it is about the park. */
export function detectMetaAsks(foldedQuestion: string): { asks: MetaAsk[]; explicit: boolean } {
  if (SOURCES_ASK.test(foldedQuestion)) return { asks: ["sources"], explicit: true };
  if (EARLIEST_ASK.test(foldedQuestion)) return { asks: ["earliest"], explicit: true };
  if (LIST_ASK.test(foldedQuestion)) return { asks: ["list"], explicit: true };
  if (LATEST_ASK.test(foldedQuestion)) return { asks: ["latest"], explicit: true };
  const explicit = ABOUT_ARTICLE.test(foldedQuestion);
  if (!explicit && !PUBLISHING.test(foldedQuestion)) return { asks: [], explicit };
  const asks = META_ASKS.filter(([, re]) => re.test(foldedQuestion)).map(([ask]) => ask);
  if (asks.length === 0 && PUBLISHING.test(foldedQuestion)) asks.push("date");
  return { asks, explicit };
}

const GREETING =
  /^(?:你好|您好|嗨|哈喽|哈啰|喂|hello|hi|hey|help|帮助|帮忙|在吗|在不在|谢谢|多谢|thanks|thank you|早上好|下午好|晚上好|你是谁|你能做什么|你会什么|你可以做什么|怎么用|使用说明|what can you do|who are you|how do i use (?:this|you)|\/start|\/help)[\s!。.?~,]*$/;

/** Greetings and "help" get the help text, not a knowledge answer. */
export function isGreetingOrHelp(foldedQuestion: string): boolean {
  return GREETING.test(foldedQuestion);
}

/** Whether a word only says what a meta question asks (发布, 文章, 来源, 标题), not which article it means. */
export function isMetaWord(word: string): boolean {
  return ABOUT_ARTICLE.test(word) || PUBLISHING.test(word) || META_ASKS.some(([, re]) => re.test(word));
}
