/**
 * Stable error codes shared by cloud functions and the client.
 * The code is the contract; the message is the default Chinese text shown to users.
 * HTTP status is what the gateway answers with.
 */
export const ERRORS = {
  VALIDATION: { status: 400, message: '提交的内容有误，请检查后重试' },
  'REQUEST.MALFORMED_JSON': { status: 400, message: '请求内容不是有效的 JSON' },
  'REQUEST.TOO_LARGE': { status: 400, message: '请求内容过大' },
  'REQUEST.UNSUPPORTED_MEDIA': { status: 415, message: '请求必须是 application/json' },
  'REQUEST.BAD_URL': { status: 400, message: '请求地址无效' },
  'ACTION.UNKNOWN': { status: 400, message: '不支持的操作' },
  'FN.NOT_FOUND': { status: 404, message: '云函数不存在' },
  'ROUTE.NOT_FOUND': { status: 404, message: '页面不存在' },
  'METHOD.NOT_ALLOWED': { status: 405, message: '不支持的请求方法' },
  'AUTH.UNAUTHENTICATED': { status: 401, message: '请先登录' },
  /** A token that is forged, expired, revoked or rotated away. */
  'AUTH.INVALID': { status: 401, message: '登录已失效，请重新登录' },
  'AUTH.INVALID_CODE': { status: 401, message: '微信登录凭证无效，请重新登录' },
  'AUTH.NOT_REGISTERED': { status: 403, message: '您还没有登记为本小区的业主或员工，请联系物业服务中心' },
  'AUTH.FORBIDDEN': { status: 403, message: '您没有权限进行此操作' },
  'COMMUNITY.NOT_FOUND': { status: 404, message: '小区不存在' },
  'BUILDING.NOT_FOUND': { status: 404, message: '楼栋不存在' },
  'UNIT.NOT_FOUND': { status: 404, message: '房屋不存在' },
  'RESIDENT.NOT_FOUND': { status: 404, message: '住户不存在' },
  'VEHICLE.NOT_FOUND': { status: 404, message: '车辆不存在' },
  'PARKING.NOT_FOUND': { status: 404, message: '车位不存在' },
  'STAFF.NOT_FOUND': { status: 404, message: '员工不存在' },
  'VEHICLE.PLATE_TAKEN': { status: 409, message: '该车牌已登记' },
  'RESIDENT.DUPLICATE': { status: 409, message: '该房屋已登记同名住户' },
  'PARKING.TAKEN': { status: 409, message: '该车位属于其他房屋' },
  /** An assignment event the space's state does not allow (release a free space, renew one that is free). */
  'PARKING.INVALID_TRANSITION': { status: 409, message: '车位当前状态不允许此操作' },
  /** Renewing a space that has no lease (sold: 已售). */
  'PARKING.NOT_LEASED': { status: 409, message: '该车位为已售车位，没有租期' },
  'BINDING.NOT_FOUND': { status: 404, message: '绑定申请不存在' },
  'BINDING.ALREADY_BOUND': { status: 409, message: '您已绑定该房屋' },
  'BINDING.OTHER_COMMUNITY': { status: 409, message: '您已登记在其他小区，暂不能在线绑定本小区的房屋，请联系物业服务中心' },
  'IMPORT.NOT_FOUND': { status: 404, message: '导入记录不存在' },
  /** The file cannot be read as the chosen list (format, encoding, missing columns, too many rows). */
  'IMPORT.BAD_FILE': { status: 400, message: '文件无法读取，请使用导入模板' },
  /** Every file reader of this server is busy (a few at once, so uploads cannot exhaust memory together). */
  'IMPORT.BUSY': { status: 503, message: '正在读取其他导入文件，请稍后再试' },
  /** A commit of a file with bad rows, without asking to skip them: nothing was written. */
  'IMPORT.HAS_ERRORS': { status: 400, message: '文件中有错误的行，未导入任何数据。请修改后重新上传，或选择跳过错误行' },
  'CALLTASK.NOT_FOUND': { status: 404, message: '电话通知任务不存在' },
  'CALLTASK.ALREADY_DONE': { status: 409, message: '该电话通知已由他人处理' },
  'REPAIR.NOT_FOUND': { status: 404, message: '报修单不存在' },
  /** The action is not allowed in the order's state; the message names both states. */
  'REPAIR.INVALID_TRANSITION': { status: 409, message: '当前状态不能进行此操作' },
  /** A pool order another technician claimed first. */
  'REPAIR.ALREADY_TAKEN': { status: 409, message: '该工单已被其他师傅接走' },
  'REPAIR.NOT_ASSIGNEE': { status: 403, message: '该工单不是派给您的' },
  'REPAIR.NO_SKILL': { status: 403, message: '该师傅没有此类维修的技能' },
  'REPAIR.BAD_CATEGORY': { status: 400, message: '本小区没有这个报修类别' },
  'REPAIR.URGE_TOO_SOON': { status: 429, message: '催单太频繁，请30分钟后再试' },
  'REPAIR.REOPEN_EXPIRED': { status: 409, message: '完工已超过7天，不能重开，请重新报修' },
  'FILE.NOT_FOUND': { status: 404, message: '照片不存在，请重新上传' },
  'FILE.BAD_TYPE': { status: 400, message: '只支持 JPG、PNG、WebP 格式的照片' },
  'FILE.TOO_LARGE': { status: 400, message: '照片不能超过 5 MB' },
  /** The file store (CloudBase storage) failed or is misconfigured: nothing was stored. */
  'FILE.STORE_UNAVAILABLE': { status: 503, message: '文件存储暂时不可用，请稍后重试' },
  /** files.register on a server whose file store is not CloudBase storage. */
  'FILE.WRONG_STORE': { status: 409, message: '服务器未启用云存储，请更新小程序后重试' },
  'NOTICE.NOT_FOUND': { status: 404, message: '通知不存在' },
  'NOTICE.TEMPLATE_NOT_FOUND': { status: 404, message: '通知模板不存在' },
  'NOTICE.AUDIENCE_NOT_FOUND': { status: 404, message: '常用对象不存在' },
  'NOTICE.AUDIENCE_NAME_TAKEN': { status: 409, message: '已有同名的常用对象' },
  /** The target reaches no unit. */
  'NOTICE.EMPTY_AUDIENCE': { status: 400, message: '发布对象中没有房屋，请重新选择' },
  /** WeChat content security said risky: blocked, with the label. */
  'NOTICE.CONTENT_RISKY': { status: 400, message: '内容未通过微信安全检测，请修改后再发布' },
  /** WeChat content security said review: publish again with confirmReview. */
  'NOTICE.NEEDS_CONFIRM': { status: 409, message: '内容可能涉及敏感信息，请确认后再发布' },
  'NOTICE.WITHDRAWN': { status: 409, message: '该通知已撤回' },
  'FEE_ITEM.NOT_FOUND': { status: 404, message: '收费项目不存在' },
  'BILL.NOT_FOUND': { status: 404, message: '账单不存在' },
  'PAYMENT.NOT_FOUND': { status: 404, message: '缴费记录不存在' },
  'FEE.BILL_CANCELLED': { status: 409, message: '该账单已作废，不能缴费' },
  'FEE.DUPLICATE_RECEIPT': { status: 409, message: '该收据号已登记过' },
  'FEE.REFUND_TOO_LARGE': { status: 409, message: '退款金额超过该笔缴费可退的金额' },
  /** A one-off charge names a recurring item (those are billed by the billing run). */
  'FEE.NOT_ONE_OFF': { status: 409, message: '该收费项目不是一次性收费，请通过出账生成账单' },
  /** A one-off charge names an item that was switched off. */
  'FEE.ITEM_INACTIVE': { status: 409, message: '该收费项目已停用' },
  /** Closing an owner's account (a resale, 过户) while the unit owes money, with no carry-over agreement that covers it. */
  'FEE.ARREARS_OPEN': { status: 409, message: '该房屋尚有欠费未结清，请先结清，或由管理员登记欠费转移协议' },
  /** A carry-over agreement (欠费转移协议) for an amount other than what the unit owes now. */
  'FEE.CARRY_OVER_MISMATCH': { status: 409, message: '协议金额与当前欠费不一致，请按当前欠费金额登记' },
  /** A carry-over agreement for a unit that owes nothing. */
  'FEE.NO_ARREARS': { status: 409, message: '该房屋没有欠费，无需登记欠费转移协议' },
  /** A deposit given back before it was paid in full (nothing or part of it paid). */
  'FEE.DEPOSIT_UNPAID': { status: 409, message: '押金尚未缴清，不能退还' },
  /** A deposit's deductions add up to more than the deposit. */
  'FEE.DEDUCTION_TOO_LARGE': { status: 409, message: '扣款合计超过押金金额' },
  'COMPLAINT.NOT_FOUND': { status: 404, message: '投诉不存在' },
  'COMPLAINT.INVALID_TRANSITION': { status: 409, message: '投诉当前状态不能进行此操作' },
  /** A step of the handbook's process is missing (a reply without content, closing before the follow-up). */
  'COMPLAINT.STEP_MISSING': { status: 409, message: '还缺少必要的处理步骤' },
  'MOVEIN.NOT_FOUND': { status: 404, message: '入住办理记录不存在' },
  'MOVEIN.INVALID_TRANSITION': { status: 409, message: '入住办理当前状态不能进行此操作' },
  'MOVEIN.BATCH_NOT_FOUND': { status: 404, message: '入住批次不存在' },
  'MOVEIN.BATCH_NOT_DRAFT': { status: 409, message: '入住批次已发布，不能再修改' },
  'MOVEIN.BATCH_NOT_OPEN': { status: 409, message: '入住批次未发布或已结束，不能预约' },
  'MOVEIN.BATCH_EMPTY': { status: 409, message: '所选楼栋没有可办理入住的房屋' },
  'MOVEIN.FEE_ITEM_UNUSABLE': { status: 409, message: '该收费项目不能作为入住时缴纳的费用' },
  'MOVEIN.SLOT_NOT_FOUND': { status: 404, message: '该日期或时段不在入住批次的安排中' },
  'MOVEIN.SLOT_PAST': { status: 409, message: '该日期已过，请选择其他日期' },
  'MOVEIN.SLOT_FULL': { status: 409, message: '该时段已约满，请选择其他时段' },
  'MOVEIN.BOOKING_CLOSED': { status: 409, message: '入住手续已开始办理，不能再预约或改约' },
  'MOVEIN.NO_BATCH': { status: 409, message: '该入住办理不属于入住批次，无需预约' },
  /** Completing a case with required steps of the 入伙手续书 not done; the message and `details.missing` name them. */
  'MOVEIN.STEPS_MISSING': { status: 409, message: '入伙手续还有必办步骤未完成' },
  /** A move-in for a unit already moved into (自住/出租 in the records, or a finished move-in). */
  'MOVEIN.UNIT_OCCUPIED': { status: 409, message: '该房屋已办理入住，不能重复办理' },
  /** A move-in for a unit that has a case waiting or in progress. */
  'MOVEIN.CASE_OPEN': { status: 409, message: '该房屋已有正在办理的入住手续' },
  'MOVEIN.IDENTITY_MISMATCH': { status: 409, message: '身份证号与登记的购房人不一致' },
  /** Ticking the fees step while bills due at move-in are still open. */
  'MOVEIN.FEES_OPEN': { status: 409, message: '入住费用尚未缴清' },
  /** The 维保 technician of the move-in settings must be an active technician of the community. */
  'MOVEIN.NOT_TECHNICIAN': { status: 409, message: '请选择本小区在岗的维修人员' },
  /** An owner's paper (购房合同, 身份证) outside the caller's reach: staff of another community, another owner's, or deleted. */
  'MOVEIN.PAPER_NOT_FOUND': { status: 404, message: '资料不存在或已删除' },
  /** Uploading, replacing or deleting a paper once the case is done or cancelled. */
  'MOVEIN.PAPERS_CLOSED': { status: 409, message: '入住手续已办结，资料不能再修改' },
  /** A survey outside the caller's reach: another community's, a draft for an owner, or one whose audience leaves the owner out. */
  'SURVEY.NOT_FOUND': { status: 404, message: '问卷不存在' },
  'SURVEY.INVALID_TRANSITION': { status: 409, message: '问卷当前状态不能进行此操作' },
  /** Answering before the survey opens or after it closed (or was closed by hand). */
  'SURVEY.CLOSED': { status: 409, message: '问卷不在填写时间内' },
  /** A second answer of the same owner (or unit) to a survey that refuses changes. */
  'SURVEY.ALREADY_ANSWERED': { status: 409, message: '您（本户）已提交过答卷' },
  /** A second satisfaction survey of one community and year. */
  'SURVEY.YEAR_TAKEN': { status: 409, message: '本年度满意度调查已经建立' },
  /** A notice board (宣传栏) outside the caller's reach: another community's, or none. */
  'BOARD.NOT_FOUND': { status: 404, message: '宣传栏不存在' },
  /** A posting of a board outside the caller's reach. */
  'BOARD.POSTING_NOT_FOUND': { status: 404, message: '张贴记录不存在' },
  'BOARD.INVALID_TRANSITION': { status: 409, message: '宣传栏当前状态不能进行此操作' },
  // --- archives: documents ---
  /** An archived document outside the caller's reach: another community's, removed, or of a category the caller's role may not see. */
  'ARCHIVE.NOT_FOUND': { status: 404, message: '档案不存在' },
  /** A document over the archive's size limit (ARCHIVE_MAX_BYTES): refused before its body is stored; `details.limitBytes`. */
  'FILE.DOCUMENT_TOO_LARGE': { status: 413, message: '文件不能超过 20 MB' },
  /** The content is another type than the file's name (or the client) declared: `details.declared`, `details.actual`. */
  'FILE.TYPE_MISMATCH': { status: 400, message: '文件内容与文件类型不符，请确认文件未被改名' },
  /** An upload ticket that is forged, expired or used already. */
  'FILE.TICKET_INVALID': { status: 403, message: '上传凭证无效或已过期，请重新选择文件' },
  // --- archives: ledger ---
  /** Equipment of the ledger outside the caller's reach: another community's, or none. */
  'EQUIPMENT.NOT_FOUND': { status: 404, message: '设备不存在' },
  /** Another item of the community's ledger has this code (设备编号). */
  'EQUIPMENT.CODE_TAKEN': { status: 409, message: '该设备编号已登记' },
  /** Editing or maintaining equipment that was retired. */
  'EQUIPMENT.RETIRED': { status: 409, message: '该设备已停用' },
  /** A contract outside the caller's reach: another community's, none, or the caller is not a manager. */
  'CONTRACT.NOT_FOUND': { status: 404, message: '合同不存在' },
  /** Editing or ending a contract that was ended. */
  'CONTRACT.ENDED': { status: 409, message: '该合同已终止' },
  /** The end date is before the start date. */
  'CONTRACT.BAD_DATES': { status: 400, message: '合同结束日期不能早于开始日期' },
  /** Attaching a document of another category (equipment takes 设备设施台账, contracts take 合同). */
  'ARCHIVE.WRONG_CATEGORY': { status: 400, message: '只能关联对应类别的档案' },
  /** A loan outside the caller's reach: another community's, none, or of a category the caller may not see. */
  'ARCHIVE.LOAN_NOT_FOUND': { status: 404, message: '借阅记录不存在' },
  /** Lending a document that has no paper original (纸质原件). */
  'ARCHIVE.NO_PAPER': { status: 409, message: '该档案没有纸质原件，无需借阅' },
  /** Lending a paper original that is out already; the message names who has it and until when. */
  'ARCHIVE.ALREADY_OUT': { status: 409, message: '该档案原件已借出' },
  /** A loan needs a staff borrower or a borrower's name (one of them). */
  'ARCHIVE.BAD_BORROWER': { status: 400, message: '请选择借阅人（本小区员工）或填写外部借阅人' },
  /** A due-back date before today, or too far ahead (LOAN_MAX_DAYS). */
  'ARCHIVE.BAD_DUE': { status: 400, message: '归还日期不正确' },
  // --- growth: courses ---
  /** A lesson outside the caller's reach: no built-in lesson of that id, and no lesson of the caller's community. */
  'LESSON.NOT_FOUND': { status: 404, message: '课程不存在' },
  /** Taking the quiz of a retired lesson. */
  'LESSON.RETIRED': { status: 409, message: '该课程已停用' },
  /** Retiring a lesson the onboarding path requires. */
  'LESSON.REQUIRED': { status: 409, message: '该课程是入职必修课，请先从必修中移除' },
  /** More own lessons than a community may keep (CUSTOM_LESSONS_MAX). */
  'LESSON.TOO_MANY': { status: 409, message: '本小区课程数量已达上限' },
  /** A quiz answered with a question left out (or more answers than questions). */
  'QUIZ.INCOMPLETE': { status: 400, message: '请回答全部题目后再提交' },
  // --- growth: practice & figures ---
  /** A practice drill scenario (情景演练) that does not exist. */
  'DRILL.NOT_FOUND': { status: 404, message: '演练情景不存在' },
  /** Another board of the community in use has this name. */
  'BOARD.NAME_TAKEN': { status: 409, message: '已有同名的宣传栏' },
  /** Posting on a retired board. */
  'BOARD.RETIRED': { status: 409, message: '该宣传栏已停用，不能张贴' },
  /** Retiring a board that still has postings up. */
  'BOARD.HAS_POSTINGS': { status: 409, message: '宣传栏上还有未撤下的张贴，请先撤下' },
  /** Posting a notice that is not published (a draft, scheduled or withdrawn notice). */
  'BOARD.NOTICE_NOT_PUBLISHED': { status: 409, message: '只能张贴已发布的通知' },
  /** More boards than a community may keep (BOARDS_MAX). */
  'BOARD.TOO_MANY': { status: 409, message: '宣传栏数量已达上限' },
  /** An activity outside the caller's reach: another community's, or (for an owner) one not published yet. */
  'ACTIVITY.NOT_FOUND': { status: 404, message: '活动不存在' },
  'ACTIVITY.INVALID_TRANSITION': { status: 409, message: '活动当前状态不能进行此操作' },
  /** Signing up after the deadline, before publication, or for an activity finished or cancelled. */
  'ACTIVITY.SIGNUP_CLOSED': { status: 409, message: '活动报名已截止' },
  /** A second sign-up of the same household (unit) while the first stands. */
  'ACTIVITY.ALREADY_SIGNED_UP': { status: 409, message: '本户已报名该活动' },
  /** Cancelling or checking in a sign-up that does not exist (or is not the caller's). */
  'ACTIVITY.SIGNUP_NOT_FOUND': { status: 404, message: '报名记录不存在' },
  /** A check-in code not of this activity (another activity's, another community's, mistyped). */
  'ACTIVITY.CODE_NOT_FOUND': { status: 404, message: '签到码无效，请核对后重试' },
  /** The sign-up was checked in already; the message says when. */
  'ACTIVITY.ALREADY_CHECKED_IN': { status: 409, message: '该户已签到' },
  /** Checking in a household that is on the waiting list (or cancelled). */
  'ACTIVITY.NOT_CONFIRMED': { status: 409, message: '该户未报名成功（候补或已取消），不能签到' },
  /** The feedback survey with nobody checked in to ask. */
  'ACTIVITY.NO_ATTENDEES': { status: 409, message: '还没有签到的业主，无法发送活动反馈问卷' },
  'RENOVATION.NOT_FOUND': { status: 404, message: '装修申请不存在' },
  'RENOVATION.INVALID_TRANSITION': { status: 409, message: '装修申请当前状态不能进行此操作' },
  /** A work the community forbids without an approved exception; the message names the rule. */
  'RENOVATION.FORBIDDEN_WORK': { status: 409, message: '申请中含有本小区禁止的装修行为' },
  /** The unit already has an open renovation (one at a time). */
  'RENOVATION.ALREADY_OPEN': { status: 409, message: '该房屋已有进行中的装修申请' },
  /** Submitting before owner and contractor signed both papers; the message names the missing signatures. */
  'RENOVATION.UNSIGNED': { status: 409, message: '业主和施工单位尚未签署全部文书' },
  /** Submitting without the contractor (company, person in charge, phone) or any worker; the message names what is missing. */
  'RENOVATION.INCOMPLETE': { status: 409, message: '装修申请信息不完整' },
  /** A patrol task (or its 整改通知) outside the caller's reach. */
  'RENOVATION.PATROL_NOT_FOUND': { status: 404, message: '巡查任务不存在' },
  /** Recording a patrol task that is already recorded (by another request). */
  'RENOVATION.PATROL_DONE': { status: 409, message: '该巡查任务已完成，不能重复记录' },
  /** Patrolling a renovation whose works are not on site (not in progress or suspended). */
  'RENOVATION.NOT_ON_SITE': { status: 409, message: '该装修不在施工中，无需巡查' },
  /** Starting works while a bill of the renovation (押金, 管理费, 垃圾清运费) is not paid; the message names them. */
  'RENOVATION.FEES_UNPAID': { status: 409, message: '装修费用尚未缴清，不能开工' },
  /** A 装修出入证 code or id not of the caller's community. */
  'RENOVATION.PASS_NOT_FOUND': { status: 404, message: '装修出入证不存在' },
  /** Giving the deposit back while a violation (整改通知) of the renovation is open: the deposit is held. */
  'RENOVATION.VIOLATION_OPEN': { status: 409, message: '该装修尚有未整改完毕的违规，押金暂不退还' },
  /** An acceptance without the 闭水试验 record the works need, or with one too short or failed. */
  'RENOVATION.WATER_TEST_REQUIRED': { status: 409, message: '该装修涉及防水，须有合格的闭水试验记录方可验收通过' },
  'INQUIRY.NOT_FOUND': { status: 404, message: '咨询不存在' },
  'INQUIRY.INVALID_TRANSITION': { status: 409, message: '咨询当前状态不能进行此操作' },
  /** Converting an inquiry into an in-home repair or a complaint needs the owner's unit and a contact phone. */
  'INQUIRY.OWNER_UNKNOWN': { status: 409, message: '该咨询没有对应的房屋或联系电话，请先补充后再转报修或投诉' },
  /** The owner view (一户一档) opened by an app user who is not an owner of the caller's community. */
  'OWNER.NOT_FOUND': { status: 404, message: '业主不存在' },
  /** 显示号码: the audit entry could not be written, so the number is not shown (try again). */
  'DESK.AUDIT_FAILED': { status: 503, message: '查阅记录暂时无法保存，号码未显示，请稍后重试' },
  'CONTACT.NOT_FOUND': { status: 404, message: '来电来访记录不存在' },
  /** A log entry names an owner (ownerId) who is not an owner of the caller's community. */
  'CONTACT.OWNER_NOT_FOUND': { status: 404, message: '业主不存在' },
  /** Closing the follow-up of a log entry that has none. */
  'CONTACT.NO_FOLLOW_UP': { status: 409, message: '该记录没有待跟进事项' },
  /** A release pass (放行条) that is not of the caller's community (or, for an owner, not of their unit); an unknown code at the gate. */
  'PASS.NOT_FOUND': { status: 404, message: '放行条不存在' },
  'PASS.INVALID_TRANSITION': { status: 409, message: '放行条当前状态不能进行此操作' },
  /** 放行 of an approved pass on another day than its date (expired, or not yet); details.check names which. */
  'PASS.NOT_VALID_TODAY': { status: 409, message: '放行条不在有效日期内，不能放行' },
  /** Approving a pass by someone who is not an owner (业主) of its unit on record. */
  'PASS.NOT_UNIT_OWNER': { status: 403, message: '只有该房屋的业主可以确认放行条' },
  /** A pass dated in the past or too far ahead. */
  'PASS.BAD_DATE': { status: 400, message: '放行日期须为今天或之后30天内' },
  /** An article not of the caller's community, or one the caller may not read (a draft, a staff-only one for an owner). */
  'ARTICLE.NOT_FOUND': { status: 404, message: '该条目不存在或已下架' },
  /** A 话术 script not of the caller's community, or a starter key the library does not have. */
  'SCRIPT.NOT_FOUND': { status: 404, message: '话术不存在' },
  /** A script saved under a context other than its starter script's (the starter key fixes where it is shown). */
  'SCRIPT.CONTEXT_FIXED': { status: 409, message: '预置话术的使用场景不能修改，请新建一条话术' },
  'INCIDENT.NOT_FOUND': { status: 404, message: '舆情事件不存在' },
  'INCIDENT.INVALID_TRANSITION': { status: 409, message: '舆情事件当前状态不能进行此操作' },
  /** Converting an incident needs an owner: a known sender, or the unit and contact the agent gives. */
  'INCIDENT.OWNER_UNKNOWN': { status: 409, message: '无法确定发言人是哪位业主，请选择房屋并填写联系人和电话' },
  // --- sentiment: corrections and the community's lexicon ---
  /** A group message not of the caller's community (or not stored, or expired) marked 漏报/误报. */
  'SENTIMENT.MESSAGE_NOT_FOUND': { status: 404, message: '该群消息不存在或已过保留期' },
  'CORRECTION.NOT_FOUND': { status: 404, message: '该纠正记录不存在' },
  /** Reviewing a correction that was already accepted or rejected. */
  'CORRECTION.ALREADY_REVIEWED': { status: 409, message: '该纠正已审核过' },
  'LEXICON.ENTRY_NOT_FOUND': { status: 404, message: '本小区词库中没有这一条' },
  'FEE.NOTHING_OVERDUE': { status: 409, message: '该房屋没有逾期未缴的费用，无需出具催缴通知单' },
  'PDF.FONT_MISSING': { status: 503, message: '服务器缺少打印所需的中文字体，暂时无法生成文件' },
  'PAY.NOT_CONFIGURED': { status: 409, message: '暂未开通微信支付，请到物业服务中心缴费' },
  'PAY.BILL_PAID': { status: 409, message: '该账单已缴清，无需再付' },
  'PAY.BILL_IN_ORDER': { status: 409, message: '该账单正在另一笔支付中，请完成或稍后再试' },
  'PAY.NO_OPENID': { status: 409, message: '请在微信小程序中登录后再支付' },
  'PAY.ORDER_FINISHED': { status: 409, message: '该支付订单已结束，请重新发起支付' },
  'PAY.ORDER_NOT_FOUND': { status: 404, message: '支付订单不存在' },
  'PAY.UPSTREAM': { status: 502, message: '微信支付暂时无法下单，请稍后再试' },
  /** fees.refundCredit names a payment not made with WeChat Pay (refunded at the desk instead). */
  'PAY.NOT_ONLINE': { status: 409, message: '该笔缴费不是微信支付，不能原路退回，请到物业服务中心办理' },
  /** fees.refundCredit while the unit has no prepayment credit left (refunds still at WeChat count as taken). */
  'PAY.NO_CREDIT': { status: 409, message: '没有可退的预存余额' },
  /** WeChat Pay refused to make a refund (its code in details.wechatCode); nothing was refunded. */
  'PAY.REFUND_FAILED': { status: 502, message: '微信支付未受理退款，请稍后再试或联系物业' },
  'PAY.ISSUE_NOT_FOUND': { status: 404, message: '该异常记录不存在' },
  'PAY.ISSUE_RESOLVED': { status: 409, message: '该异常已处理过' },
  /** Reconciliation before WeChat Pay made the day's bill (after 10:00 the next day). */
  'PAY.BILL_NOT_READY': { status: 409, message: '微信支付对账单尚未生成（次日 10 点后可下载），请稍后再试' },
  'PAY.BILL_UNAVAILABLE': { status: 502, message: '暂时无法下载微信支付对账单，请稍后再试' },
  /** An invoice request that is not of the caller's community (or, for an owner, not of their payment). */
  'INVOICE.NOT_FOUND': { status: 404, message: '发票申请不存在' },
  /** A second invoice request for a payment whose request is open or whose invoice was issued. */
  'INVOICE.ALREADY_REQUESTED': { status: 409, message: '该笔缴费已申请过发票' },
  /** An invoice request for a payment refunded in full. */
  'INVOICE.NOTHING_TO_INVOICE': { status: 409, message: '该笔缴费已全额退款，不能开具发票' },
  /** Issuing or sending back a request that was already decided otherwise; the message names both states. */
  'INVOICE.INVALID_TRANSITION': { status: 409, message: '发票申请当前状态不能进行此操作' },
  'FOLLOWUP.NOT_FOUND': { status: 404, message: '回访任务不存在' },
  'FOLLOWUP.ALREADY_DONE': { status: 409, message: '该回访已由他人记录' },
  /** A subscription reported for a template we do not use. */
  'MESSAGE.UNKNOWN_TEMPLATE': { status: 400, message: '不支持的消息模板' },
  /** The caller has no mini-program WeChat identity to hold subscription credits. */
  'MESSAGE.NO_WECHAT': { status: 409, message: '请在微信小程序中登录后再订阅消息' },
  /** Available only in demo mode (the fake WeChat server). */
  'DEMO.ONLY': { status: 403, message: '仅演示模式可用' },
  /** A guarded update found the record in another state (someone else acted first). */
  'STATE.CONFLICT': { status: 409, message: '数据已被他人更新，请刷新后重试' },
  'RATE.LIMITED': { status: 429, message: '操作太频繁，请稍后再试' },
  'WECHAT.UNAVAILABLE': { status: 502, message: '微信服务暂时不可用，请稍后重试' },
  'DB.UNAVAILABLE': { status: 503, message: '服务暂时不可用，请稍后重试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One field-level problem, as reported for VALIDATION errors. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  requestId?: string;
  details?: { issues?: FieldIssue[] } & Record<string, unknown>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status;
}
