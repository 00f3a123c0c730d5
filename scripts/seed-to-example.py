# Regenerates examples/futian-zonggonghui-2023.yaml from the seed report (run from the repository root).
# The narrative is cut from the seed text; the figures are typed from its tables, as components only.
# Constructed figures (marked `constructed: true`) come from scripts/seed_example_constructed.py.
# Run prettier on the result afterwards: npx prettier --write examples/futian-zonggonghui-2023.yaml
import re, json
L = open('../shared/seed/000_dbd1772b13f95ab8.txt', encoding='utf-8', errors='replace').read().split('\n')
def line(n): return L[n-1].strip()
END = tuple('。；：！？）)”')
HEADING = re.compile(r'^(\d+[.)）]|（\d+）|[一二三四五六七八九十]+是)')
def is_heading(t):
    # A numbered line without closing punctuation is a heading of its own ("1. 全面学习贯彻……").
    return bool(HEADING.match(t)) and not t.endswith(END) and len(t) <= 50
def paras(a, b):
    # Joins text split by page breaks; keeps headings and numbered items as paragraphs of their own.
    out = []
    for n in range(a, b+1):
        t = line(n)
        if not t: continue
        if out and not out[-1].endswith(END) and not is_heading(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    return out
def strip_num(s): return re.sub(r'^\d+\.\s*', '', s)
def yq(s):  # YAML double-quoted scalar
    return json.dumps(s, ensure_ascii=False)
def block(key, items, indent=2):
    pad = ' ' * indent
    out = [f'{pad}{key}:']
    for it in items: out.append(f'{pad}  - {yq(it)}')
    return '\n'.join(out)

narr = {
  'budgetManagement': paras(45, 45),
  'budgetPreparation': paras(58, 58),
  'budgetCompliance': paras(96, 98),
  'targetCompleteness': paras(102, 102),
  'indicatorClarity': paras(106, 108),
  'procurementPolicy': paras(169, 171),
  'financialCompliance': paras(177, 179),
  'transfersNote': ['上述预算调剂皆为保障工作正常开展，资金调剂理由充分，调剂申请程序合规。'],
  'disclosure': paras(193, 193),
  'projectProcedure': paras(199, 201),
  'projectSupervision': paras(205, 207),
  'assetSafety': paras(213, 217),
  'internalControl': paras(248, 250),
  'performanceManagement': paras(254, 254),
  'goals': [strip_num(p) for p in paras(260, 267)],
  'accomplishments': paras(271, 319),
  'keyWork': paras(362, 392),
  'budgetResponsibilities': [re.sub(r'^(\S+) - ([^\t]+)\t\s*', r'\1（\2）：', re.sub(r'<[^>]+>', '', line(n))).replace('； ', '；').strip()
                             for n in (50, 51, 53, 54)],
  'socialBenefits': [p.replace('本年度整体效益指标完成情况如下表：', '').strip() for p in paras(402, 417)],
  'sustainability': paras(429, 443),
  'petitions': paras(449, 451),
  'experience': paras(461, 467),
  'plans': paras(507, 523),
  'suggestions': paras(527, 532),
}
measures = {
  'cost-control': paras(491, 493),
  'budget-execution': paras(497, 497),
  'satisfaction': paras(501, 501),
}
# Section 2.(二) subheadings are kept as paragraphs; the report shows them as they are.
import sys
out = []
w = out.append
w('# 深圳市福田区总工会 2023 年度部门整体支出绩效自评：数据')
w('# 来源：../shared/seed/000_dbd1772b13f95ab8.txt（自评得分 93.96）。')
w('# 只录入构成数（各类别预算、逐笔调整、各资产类别、各季度累计执行数……）；合计数与比率由系统计算。')
w('# 报告原文自相矛盾之处，按构成数录入，矛盾由 jixiao check 指出（例如年初预算合计，原文正文写 3,224.00，')
w('# 表 1-1 各类别相加为 3,244.00；本文件录入各类别）。金额单位：万元。')
w('schemaVersion: 1')
w('department:')
w('  name: 深圳市福田区总工会')
w('  jurisdiction: 福田区')
w('year: 2023')
w('framework: futian-2023')
w('')
w(block('functions', [strip_num(line(n)) for n in range(13, 24) if line(n)], 0))
w(block('annualWork', paras(29, 29), 0))
w(block('keyTasksSummary', paras(33, 35), 0))
w('keyTasks:')
for t in ['坚持以“四力”为核心，始终聚焦“党政所需、职工所盼、工会所能”来谋划工作',
          '坚持以“四力”为驱动，大力推进市总工会六项综合改革工作在福田走深走实',
          '坚持以“四力”为抓手，积极争取各项工作争先进位全面开花',
          '坚持以“四力”为指引，认真谋划好下一阶段各项工作']:
    w(f'  - name: {yq(t)}\n    done: true')

w(block('functionsIntro', paras(11, 11), 0) if False else '')
w("""
budget:
  initial: { personnel: 523.07, publicOperating: 37.58, project: 2683.35 }
  priorYear: { personnel: 392.00, publicOperating: 32.28, project: 2244.72 }
  changeReasons:
    personnel: 2023年专项扣除工作。
    publicOperating: 2023年专项扣除工作。
    project:
      - 工会工作经费增加；
      - 区退休职工管理经费增加；
      - 法律维权服务经费增加；
      - 修缮维护类项目（非政府投资项目）经费增加。
  fundingSource: 一般公共预算财政拨款

# 预算调整（总额增减），逐笔录入；原文“调减 39.90 万元”与逐笔合计不符，由系统计算。
adjustments:
  - category: personnel
    amount: -108.60
    reason: 2023年专项扣除工作导致人员经费减少，统筹收回人员经费
  - category: publicOperating
    amount: -0.70
    reason: 贯彻落实财政预算“过紧日子”的要求，严格控制机构运行经费
  - category: project
    amount: 50.00
    reason: 追加职工疗休养经费，本年度工会工作经费有所增加

# 预算调剂（总额内），2023 年 12 月报区财政局申请。
transfers:
  - { from: 工会事务-职工疗休养-职工疗休养, to: 一般管理事务-劳务派遣人员-劳务派遣人员经费, amount: 13.00, date: 2023-12-31 }
  - { from: 工会事务-法律维权服务-法律维权服务, to: 一般管理事务-劳务派遣人员-劳务派遣人员经费, amount: 9.00, date: 2023-12-31 }
  - { from: 工会事务-工会事务-工会事务, to: 一般管理事务-其他一般管理事务-其他一般管理事务, amount: 4.20, date: 2023-12-31 }
  - { from: 工会事务-区退休职工管理-区退休职工管理, to: 疫情防控-疫情防控-临时性工作补助, amount: 4.00, date: 2023-12-31 }

execution:
  # 一至四季度末累计执行数（表 2-2）
  quarterlyCumulative: [2080.30, 2255.09, 2475.40, 3085.88]

projects:
  count: 13
  completedOnTime: 13
  monitored: 11
  monitoredRunningWell: 11
  newProjects: 2
  adjustedBudget: 2733.35
  executed: 2691.19

threePublicCosts:
  # 原文“公务接待费 0.40 元”单位有误，表 2-1 为 0.40 万元。
  budget: { reception: 0.40, vehicleOperation: 3.67 }
  actual: { reception: 0.30, vehicleOperation: 3.50 }

dailyOperating:
  initialBudget: 37.58
  adjustedBudget: 36.88
  actual: 29.81

procurement:
  planned: 12.02
  actual: 12.01
  description:
    - 主要用于台式计算机 17 台、碎纸机 3 台的办公设备购置。以购置台式计算机为例，需求部室在年初预算编制时申报设备采购计划，经审批纳入年度预算。需求部室于本年度发起购置申请，根据办公设备采购相关规定采用电商采购方式，以“每台国产台式不超过 6,000.00 元”的标准严格控制购置成本，经内部流程审批后与电商采购供应商以 5,999.00 元签订采购合同。

assets:
  fixed:
    - { name: 土地、房屋及构筑物, count: 1, originalValue: 0.20, inUseValue: 0.20 }
    - name: 设备（个、台、辆等）
      count: 80
      originalValue: 69.62
      inUseValue: 69.62
      includes:
        - { name: 车辆, count: 1, originalValue: 23.80, inUseValue: 23.80 }
    - { name: 家具、用具（个、套等）, count: 287, originalValue: 38.53, inUseValue: 38.53 }
  intangible:
    - { name: 计算机软件（个、项等）, count: 4, originalValue: 0.56, inUseValue: 0.56 }
  disposals: 2023 年区总工会无国有资产对外投资、出租出借情况，处置报废资产 1 批，处置方式为无偿划转 1 批，资产安全运行情况良好。

staff:
  # 核定编制 11 名（参公 10 名、工勤 1 名），在编 8 人；原文“财政供养人员控制率为 83.33%”与 8/11 不符。
  authorizedPosts: 11
  staffInPost: 8
  extraStaff: 23

disclosure:
  budget: full
  finalAccounts: full

petitions:
  channel: true
  received: 131
  replied: 131
  repliedOnTime: 131

satisfaction:
  score: 86.52
  source: 区统计局 2023 年度“社会公众对单位工作的评价”指标得分

# 部门整体绩效目标（表 1-3）；实际完成值据表 2-3。
targets:""")
T = []
cat = None
for n in range(113, 150):
    t = line(n)
    if not t: continue
    parts = [p.strip() for p in L[n-1].split('\t')]
    if parts[0]: cat = parts[0].replace(' ', '')
    T.append((cat, parts[1], parts[2]))
# fix wrapped name and category labels
fixed = []
for c, name, val in T:
    c = {'服务对象满意度指标': '满意度指标'}.get(c, c)
    name = name.replace('服务项目 数量', '服务项目数量')
    fixed.append((c, name, val))
actual = {'有效化解劳资纠纷': '100%', '保障离退休干部权益': '100%', '激发区职工参与积极性': '100%', '劳模福利有效落实': '100%', '关爱退休干部': '100%'}
for c, name, val in fixed:
    w(f'  - category: {c}\n    name: {yq(name)}\n    target: {yq(val)}' + (f'\n    actual: {yq(actual[name])}' if name in actual else ''))
w("""
priorYear:
  quantifiedShare: 65.91

measures:""")
for k, v in measures.items():
    w(block(yq(k), v, 2))
w('\nnarrative:')
for k, v in narr.items():
    w(block(k, v, 2))
w("""
# 评价人判断：清单项逐项、扣分事项、判断得分，各附理由。
evaluation:
  budget-rationality:
    items:
      mandate: { met: true, reason: 按区委、区政府部署和本部门职能编制预算 }
      priorities: { met: true, reason: 着重安排“全区行政事业单位工会经费”“劳模管理”“工会事务”等重点项目预算 }
      granularity: { met: true, reason: 对每个项目的预算运用科学合理的方法加以测算 }
      classification: { met: true, reason: 全年仅 1 次内部调剂，未发生项目之间频繁调剂 }
      not-fixed: { met: true, reason: 根据实际情况调整预算，未见连年安排低效项目 }
  budget-compliance:
    reason: 预算申报、审批流程合法严谨，未发现不符合项
  target-completeness:
    reason: 编报部门整体和 13 个二级项目绩效目标，实现全覆盖
  indicator-clarity:
    items:
      decomposed: { met: true, reason: 从产出和效益方面逐一分解项目年度任务 }
      outcome-indicators: { met: true, reason: 设有社会效益指标 5 个 }
      measurable: { met: true, reason: 指标值清晰、可衡量 }
      justified: { met: true, reason: 目标值根据以往工作成果及工作计划测算 }
  procurement:
    items:
      policy: { met: true, reason: 按“先预算，后计划，再采购”流程规范执行政府采购 }
  financial-compliance:
    items:
      misuse: { met: false, reason: 未发生超范围、超标准支出及虚列支出，截留、挤占、挪用资金等事项 }
      spending: { met: true, reason: 资金管理、费用标准、资金支付符合相关财务制度规定 }
      accounting: { met: true, reason: 会计核算规范 }
  project-procedure:
    items:
      approval: { met: true, reason: 项目设立经区人民代表大会通过、财政部门批复下达 }
      execution: { met: true, reason: 按程序招投标、验收，验收资料存档齐全 }
  project-supervision:
    items:
      mechanism: { met: true, reason: 对 11 个项目实施“双监控”，整体运行良好 }
      oversight: { met: true, reason: 对执行偏差项目及时督促整改并备案 }
  asset-safety:
    items:
      custody: { met: true, reason: 建立资产台账，每月核对，账实相符 }
      disposal: { met: true, reason: 处置报废资产 1 批（无偿划转），处置规范 }
  management-rules:
    items:
      established: { met: true, reason: 制定预算管理、财务管理、固定资产、采购、合同管理等制度 }
      enforced: { met: true, reason: 制度得到有效执行 }
      performance-management: { met: true, reason: 制定预算绩效管理工作方案，开展事前评估、目标编报、监控和评价 }
  outcomes:
    score: 25
    reason: 部门整体社会效益指标 5 项均已实现（表 2-3），履职效果良好
""")
# The constructed parts (project self-evaluations, monitoring as of 2023-08-31) live in their own file.
sys.path.insert(0, 'scripts')
from seed_example_constructed import insert
open('examples/futian-zonggonghui-2023.yaml', 'w').write(insert('\n'.join(out) + '\n'))
# Then: npx prettier --write examples/futian-zonggonghui-2023.yaml (the file is kept prettier-formatted).
