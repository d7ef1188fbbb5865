import './contract';

/**
 * desk — the reception desk (接待台, handbook chapter 2 沟通三部曲 and chapter 3 §3 咨询接待服务):
 * inquiries (咨询) with promised replies, the call and visit log (来电 · 来访登记) with visitors and
 * release passes (放行条), the one owner view (客户一户一档) with its audit, and the desk's figures.
 */
export const deskContract = {
  // --- inquiries ---
  // --- contacts, visitors and release passes ---
  // --- owner view ---
  // --- figures ---
};
