# Constructed parts of examples/futian-zonggonghui-2023.yaml (not in the seed report): three project
# self-evaluations and a monitoring result as of 2023-08-31, each marked `constructed: true` in the file.
# seed-to-example.py inserts them; keep them prettier-formatted (the example is checked by prettier).

# Inserted under `projects:`, after its `executed:` line.
PROJECT_ITEMS = '''  # 逐个二级项目的自评（项目支出绩效自评表，框架 mof-project-2020）。
  # constructed: true —— 以下三个项目的资金数和项目目标为示例构造的数字（报告原文没有逐个项目的自评表），
  # 目标名称与指标值取自表 1-3，实际值取自报告正文（2,286 人次、3 名法律顾问、调解 47 件成功 47 件等），其余为构造。
  items:
    - name: 区退休职工管理
      constructed: true
      initialBudget: 480.00
      adjustedBudget: 476.00
      executed: 468.32
      completedOnTime: true
      monitored: true
      targets:
        - category: 数量指标
          name: 慰问区退休职工人数
          target: '≥2000 人次'
          actual: '2,286 人次'
          weight: 15
        - category: 数量指标
          name: 区退休职工节日慰问金发放次数
          target: '≥3 次'
          actual: '3 次'
          weight: 10
        - category: 质量指标
          name: 区退休职工节日慰问金金额发放到位率
          target: '100%到位'
          actual: '100%'
          weight: 15
        - category: 时效指标
          name: 区退休职工慰问金发放及时性
          target: '及时 100%'
          actual: '100%'
          weight: 10
        - category: 社会效益指标
          name: 关爱退休干部
          target: '100%提升'
          actual: '100%'
          weight: 30
        - category: 满意度指标
          name: 离退休干部满意度
          target: '≥85%满意'
          actual: '92%'
          weight: 10
    - name: 法律维权服务
      constructed: true
      initialBudget: 80.00
      adjustedBudget: 71.00
      executed: 66.50
      completedOnTime: true
      monitored: true
      targets:
        - category: 数量指标
          name: 聘请法律顾问人数
          target: '≥3 名'
          actual: '3 名'
          weight: 10
        - category: 质量指标
          name: 协助诉调室调解成功率
          target: '≥5%'
          actual: '100%'
          weight: 10
          deviationReason: 指标值按全区劳动争议调解成功率测算（调解 895 件、成功 51 件，约 5.70%），实际值为法律顾问协助处理的 47 件（成功 47 件），统计口径不同
        - category: 成本指标
          name: 法律顾问服务费
          target: '≤75 万元'
          actual: '66.50 万元'
          weight: 15
        - category: 时效指标
          name: 法律顾问服务费支付及时性
          target: 按季度及时支付
          actual: 第三季度服务费延迟 1 个月支付
          weight: 15
          grade: partial
          points: 10.5
          reason: 合同续签手续延误，第三季度服务费延迟 1 个月支付，其余季度按时支付
        - category: 社会效益指标
          name: 有效化解劳资纠纷
          target: '90%有效'
          actual: '100%'
          weight: 30
        - category: 满意度指标
          name: 职工对法律服务的满意度
          target: '≥90%'
          actual: '88%'
          weight: 10
    - name: 疫情防控临时性工作补助
      constructed: true
      initialBudget: 0
      adjustedBudget: 4.00
      executed: 4.00
      completedOnTime: true
      targets:
        - category: 数量指标
          name: 发放临时性工作补助人数
          target: '≥20 人'
          actual: '20 人'
        - category: 时效指标
          name: 补助发放时间
          target: '2023年12月31日前'
          actual: '2023-12-28'
        - category: 社会效益指标
          name: 保障疫情防控工作开展
          target: 有效保障
          actual: 有效保障
'''

# Inserted before `priorYear:`.
MONITORING = '''
# 绩效运行监控（“双监控”），截至 2023 年 8 月 31 日。
# constructed: true —— 报告只说 2023 年 8 月开展了部门整体和 11 个项目的监控（整体运行良好），未给出监控数据；
# 以下累计执行数、各目标进度、完成可能性和纠偏措施均为示例构造（累计执行数取在表 2-2 二季度末 2,255.09 与
# 三季度末 2,475.40 之间）。
monitoring:
  constructed: true
  asOf: 2023-08-31
  executed: 2398.65
  targets:
    - { name: 完成一般事务支付项目数量, progress: '7 项', forecast: certain }
    - { name: 发放劳务派遣人员数量, progress: '22 人', forecast: certain }
    - { name: 活动参与人次, progress: '208 人次', forecast: certain }
    - name: 服务劳模人数
      progress: '52 人次'
      forecast: certain
      reasonCategory: other
      reason: 劳模疗休养安排在第四季度（11 月分两批）
      action: 9 月底前确定疗休养方案和名单，11 月分两批组织实施
    - name: 区退休职工节日慰问金发放次数
      progress: '1 次'
      forecast: certain
      reasonCategory: other
      reason: 中秋节、重阳节慰问在 9—10 月发放，按节日安排执行
      action: 9 月中旬前完成中秋节慰问名单核对，重阳节前完成发放
    - name: 定制办公家具数量
      progress: '0 台'
      forecast: possible
      reasonCategory: facilities
      reason: 办公场所调整方案未定，家具定制需求尚未确认
      action: 9 月底前确认需求并发起采购，12 月前完成验收
    - { name: 聘请法律顾问人数, progress: '3 名', forecast: certain }
    - { name: 法律顾问服务费, progress: '40.00 万元', forecast: certain }
    - { name: 劳务派遣人员经费发放及时性, progress: 1—8 月均按月及时发放, forecast: certain }
  projects:
    - { name: 区退休职工管理, budget: 480.00, executed: 151.20 }
    - { name: 法律维权服务, budget: 80.00, executed: 40.00 }
'''


def insert(text):
    anchor = '  executed: 2691.19\n'
    assert anchor in text and '\npriorYear:\n' in text
    text = text.replace(anchor, anchor + PROJECT_ITEMS, 1)
    return text.replace('\npriorYear:\n', MONITORING + '\npriorYear:\n', 1)
