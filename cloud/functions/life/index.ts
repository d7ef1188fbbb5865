import { lifeContract } from '@shared/contracts/life.contract';
import * as community from '../../modules/community';
import * as identity from '../../modules/identity';
import * as life from '../../modules/life';
import * as notices from '../../modules/notices';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'life',
  lifeContract,
  {
    // --- surveys ---
    surveyTemplates: () => life.surveyTemplates(),
    surveyCreate: (input, { caller }) => life.createSurvey(caller, input),
    surveyUpdate: (input, { caller }) => life.updateSurvey(caller, input),
    surveyGet: (input, { caller }) => life.getSurvey(caller, input),
    surveyList: (input, { caller }) => life.listSurveys(caller, input),
    surveyReach: (input, { caller }) => life.surveyReach(caller, input),
    surveyPublish: (input, { caller }) => life.publishSurvey(caller, input.surveyId, input.requestId),
    surveyClose: (input, { caller }) => life.closeSurvey(caller, input),
    surveyAnswer: (input, { caller }) => life.recordAnswer(caller, input),
    // --- results & satisfaction ---
    surveyResults: (input, { caller }) => life.surveyResults(caller, input),
    surveyExport: (input, { caller }) => life.surveyExport(caller, input.surveyId),
    satisfactionTrend: (_input, { caller }) => life.satisfactionTrend(caller),
    // --- activities ---
    activityTemplates: () => life.activityTemplates(),
    activityList: (input, { caller }) => life.listActivities(caller, input),
    activityGet: (input, { caller }) => life.getActivity(caller, input),
    activityCreate: (input, { caller }) => life.createActivity(caller, input),
    activityUpdate: (input, { caller }) => life.updateActivity(caller, input),
    activitySubmit: (input, { caller }) => life.submitActivity(caller, input),
    activityReview: (input, { caller }) => life.reviewActivity(caller, input),
    activityPublish: (input, { caller }) => life.publishActivity(caller, input),
    activityCancel: (input, { caller }) => life.cancelActivity(caller, input),
    activityFinish: (input, { caller }) => life.finishActivity(caller, input),
    activityWrapUp: (input, { caller }) => life.wrapUpActivity(caller, input),
    activityFeedback: (input, { caller }) => life.sendActivityFeedback(caller, input),
    activitySignup: (input, { caller }) => life.signup(caller, input),
    activitySignupCancel: (input, { caller }) => life.cancelSignup(caller, input),
    activitySignups: (input, { caller }) => life.listSignups(caller, input),
    activityCheckin: (input, { caller }) => life.checkin(caller, input),
    // --- notice boards ---
    boardList: (input, { caller }) => life.boardList(caller, input),
    boardGet: (input, { caller }) => life.boardGet(caller, input),
    boardCreate: (input, { caller }) => life.boardCreate(caller, input),
    boardUpdate: (input, { caller }) => life.boardUpdate(caller, input),
    boardRetire: (input, { caller }) => life.boardRetire(caller, input),
    boardRestore: (input, { caller }) => life.boardRestore(caller, input),
    boardPost: (input, { caller }) => life.boardPost(caller, input),
    boardPostings: (input, { caller }) => life.boardPostings(caller, input),
    boardTakeDown: (input, { caller }) => life.boardTakeDown(caller, input),
    boardCheck: (input, { caller }) => life.boardCheck(caller, input),
    boardCheckStart: (_input, { caller }) => life.boardCheckStart(caller),
    lifeHub: (_input, { caller }) => life.lifeHub(caller),
  },
  // It publishes through notices and messages owners: the service desk wiring.
  { access: [community.access, identity.access, life.access, notices.access], wiring: [wireServiceDesk] },
);
