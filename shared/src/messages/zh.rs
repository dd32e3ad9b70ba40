//! Every message's words in Chinese (the one catalog is `super::Message`).

use super::*;

impl Message {
    pub(super) fn zh(&self) -> String {
        match self {
            Message::VideoLeadTime { min_working_days, earliest } => format!(
                "影视制作需至少提前{min_working_days}个工作日申请，最早可选{}",
                format_date(*earliest, Lang::Zh)
            ),
            Message::CalendarYearNotOnFile { year } => {
                format!("工作日历中没有{year}年的数据，无法计算工作日，请联系管理员导入")
            }
            Message::ScheduleNeedsOverride { working_days_short } => format!(
                "离活动开始的时间比这类活动的排期少{working_days_short}个工作日：可以提交，但需副总经理特批并说明原因"
            ),
            Message::EventNotOver { ends_on } => {
                format!("活动到{}结束，从这一天起才能确认执行完毕、上报销售额", format_date(*ends_on, Lang::Zh))
            }
            Message::NotApproved => "方案尚未经副总经理审批，不能下发门店".into(),
            Message::StoreScope => "只能查看和办理本门店的活动".into(),
            Message::OwnStoreRequired => "店长只能为本门店申请活动，请选择本门店".into(),
            Message::AlreadyDone => "此项已经办理，不能重复提交".into(),
            Message::NotReady { what_zh, .. } => format!("尚不能办理：{what_zh}"),
            Message::StoreCount { min, max } => {
                if min == max {
                    format!("须选择{min}家门店")
                } else {
                    format!("须选择{min}至{max}家门店")
                }
            }
            Message::DateOrder { earlier_zh, .. } => format!("日期顺序不对：应不早于{earlier_zh}"),
            Message::QuantityOutOfRange { max } => format!("数量应在 1 到 {max} 之间"),
            Message::AmountOutOfRange => "金额应为不小于 0 的数，最多两位小数".into(),
            Message::TooMany { max_items } => format!("最多{max_items}项"),
            Message::Required => "此项为必填项".into(),
            Message::TooLong { max_chars } => format!("不能超过{max_chars}个字符"),
            Message::InvalidDate => "日期格式应为 年-月-日（例如 2026-03-05）".into(),
            Message::DateInPast => "日期不能早于今天".into(),
            Message::NotFound => "找不到该记录".into(),
            Message::ForbiddenCharacter { code_point } => {
                format!("不能包含控制字符或文字方向控制符（U+{code_point:04X}），请删除后再提交")
            }
            Message::ProvisionalCalendar => "按法定假日暂估，国务院通知发布后以通知为准".into(),
            Message::RemindedRecently { again_at } => {
                format!("您刚催办过本活动，对方已收到提醒；{again_at}后可再次催办")
            }
            #[cfg(not(feature = "lean"))]
            center_messages!() => self.zh_center(),
            // No words in the store managers' build (see `center_messages`).
            #[cfg(feature = "lean")]
            center_messages!() => "此操作未能完成".into(),
        }
    }

    /// The words of the messages only the server and the center's forms make.
    #[cfg(not(feature = "lean"))]
    fn zh_center(&self) -> String {
        match self {
            Message::ScheduleBeyondCalendar { year } => format!(
                "按此模板，明天提交的活动排期将排到{year}年，而工作日历中没有{year}年的数据，排期无法计算：请减少各阶段的工作日"
            ),
            Message::Unauthenticated => "请先登录".into(),
            Message::BadCredentials => "用户名或密码不正确".into(),
            Message::TooManyAttempts { retry_after_s } => {
                format!("登录失败次数过多，请{}分钟后再试", retry_after_s.div_ceil(60))
            }
            Message::Forbidden => "您没有权限执行此操作".into(),
            Message::CrossOrigin => "请求来源不被允许".into(),
            Message::PasswordTooShort { min_chars } => format!("密码至少需要{min_chars}个字符"),
            Message::Timeout => "服务器处理超时，请稍后重试".into(),
            Message::RequestInProgress => "相同的请求正在处理中，请稍候".into(),
            Message::HolidayNeedsOverride { days_before_start, min_days } => format!(
                "节假日促销需至少提前{min_days}天准备，本活动仅提前{days_before_start}天，需副总经理批准并说明原因"
            ),
            Message::ScheduleStages => "排期应按顺序列出这类活动的每个阶段".into(),
            Message::OverBudget { committed, ceiling } => {
                format!("下单合计将达{committed}元，超出已批预算允许的{ceiling}元：需副总经理批准超支并说明原因")
            }
            Message::AnnualPlanLate { plan_year, due_on } => {
                format!("{plan_year}年度方案应于{}前完成，已逾期", format_date(*due_on, Lang::Zh))
            }
            Message::PlanSectionMissing { section } => {
                format!("方案缺少“{}”部分，五个部分齐全后才能报副总经理审核", section.zh)
            }
            Message::DesignNotFinal => "设计稿尚未定稿，不能审批".into(),
            Message::RoleNotAllowed { role } => format!("{}无权执行此操作", role.zh),
            Message::HistoryAppendOnly => "活动记录只能追加，不能修改或删除".into(),
            Message::CalendarInvalid { problem_zh, .. } => format!("工作日历数据有误：{problem_zh}"),
            Message::WrongStage { stage } => format!("活动当前处于“{}”阶段，不能执行此操作", stage.zh),
            Message::CampaignEnded { stage } => format!("活动{}，不能再操作", stage.zh),
            Message::StaleVersion { .. } => "活动刚被他人更新过，请看一下最新内容后再操作".into(),
            Message::PercentOutOfRange { max } => format!("百分比应在 0 到 {max} 之间"),
            Message::NameTaken => "这个名称已在名单中".into(),
            Message::OrgCycle => "组织架构不能形成循环".into(),
            Message::PinOutOfRange => "标注位置必须在图片范围内".into(),
            Message::ProofRoundOpen { step } => format!("“{}”轮尚未审定，不能开始新一轮", step.zh),
            Message::ProofsFinished => "设计稿已定稿".into(),
            Message::MalformedJson { line, column } => {
                format!("请求内容不是有效的 JSON（第{line}行第{column}列附近），可能不完整")
            }
            Message::UnknownField => "不认识的字段".into(),
            Message::WrongType { .. } => "字段的类型或取值不正确".into(),
            Message::UnsupportedMediaType => "请求必须使用 application/json 格式".into(),
            Message::PayloadTooLarge { max_bytes } => {
                format!("请求内容过大，上限为{max_bytes}字节")
            }
            Message::MethodNotAllowed => "不支持该请求方法".into(),
            Message::Internal { request_id } => format!("服务器内部错误（请求编号 {request_id}）"),
            Message::IdempotencyKeyReused => "同一个请求编号已用于另一份内容，请重新提交".into(),
            Message::ImageUnusable => "无法显示这张图片（文件已损坏，或尺寸超过4800万像素）".into(),
            Message::RobotUrl { platform_zh, hosts, .. } => {
                format!("须填写{platform_zh}机器人的 https 地址（{hosts}），不能是内网或其他网站地址")
            }
            Message::Busy { retry_after_s } => format!("服务器正忙，请{retry_after_s}秒后再试"),
            Message::UploadQuotaExceeded { max_mb } => {
                format!("今天上传的文件已达上限（每人每天{max_mb}MB），请明天再传或联系管理员")
            }
            Message::StorageFull => "服务器存储空间已满，暂时不能保存，请联系管理员；已填写的内容不会丢失".into(),
            Message::UploadType => "只能上传 JPEG、PNG、WebP 图片或 PDF 文件".into(),
            Message::WorkingDaysRange { max_days } => format!("工作日数应在 0 到 {max_days} 之间"),
            Message::TooManyStreams { max, per_session } => {
                if *per_session {
                    format!("本次登录打开的实时更新已达上限（{max}个），请关闭多余的页面")
                } else {
                    format!("此账号打开的实时更新已达上限（{max}个），请关闭其他设备或页面上的多余窗口")
                }
            }
            Message::TooManyDownloads { max, per_account } => {
                if *per_account {
                    format!("此账号正在下载的备份已达上限（{max}个），请等其中一个下载完成后再试")
                } else {
                    format!("服务器正在传送的备份下载已达上限（{max}个），请稍等一分钟后再试")
                }
            }
            Message::TooManyOpenRequests { max } => {
                format!("本门店已有{max}个申请等待企划部受理，请等受理后再提交新的申请")
            }
            Message::PersonalLimit { max_items } => {
                format!("您在本活动上的记录已达上限（{max_items}条），如需继续请联系负责的企划")
            }
            Message::DateOutOfRange { earliest, latest } => {
                format!("日期应在{}至{}之间", format_date(*earliest, Lang::Zh), format_date(*latest, Lang::Zh))
            }
            Message::AmountBetween { min, max } => format!("金额应在{min}元至{max}元之间"),
            Message::InvoiceNeedsReason { invoiced, allowed, order } => match order {
                Some(number) => {
                    format!("第{number}单的发票合计将达{invoiced}元，超出订单金额（含上浮）{allowed}元：请填写原因")
                }
                None => format!("本活动的发票合计将达{invoiced}元，超出下单上限{allowed}元：请填写原因"),
            },
            Message::CampaignFull { what_zh, max_items, .. } => {
                format!("已达上限：{what_zh}最多{max_items}条")
            }
            Message::InvalidMonth => "月份格式应为 年-月（例如 2026-03）".into(),
            // Said by the function above.
            store_messages!() => String::new(),
        }
    }
}
