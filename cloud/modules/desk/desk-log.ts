/** The call and visit log and the release passes: what desk/index.ts exports of them. */
export { closeFollowUp, contacts, contactsOf, contactView, logContact } from './contact.service';
export { approvePass, checkPass, myPasses, passes, recordPass, releasePass, requestPass, revokePass } from './release-pass.service';
