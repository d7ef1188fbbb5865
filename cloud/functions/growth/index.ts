import { growthContract } from '@shared/contracts/growth.contract';
import * as growth from '../../modules/growth';
import * as identity from '../../modules/identity';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

export const main = defineFunction(
  'growth',
  growthContract,
  {
    // --- courses ---
    courses: (_input, { caller }) => growth.coursesHub(caller),
    lesson: ({ lessonId }, { caller }) => growth.lessonPage(caller, lessonId),
    quizSubmit: (input, { caller }) => growth.submitQuiz(caller, input),
    lessonList: (input, { caller }) => growth.listOwnLessons(caller, input),
    lessonSource: ({ lessonId }, { caller }) => growth.lessonSource(caller, lessonId),
    lessonCreate: (input, { caller }) => growth.createLesson(caller, input),
    lessonUpdate: (input, { caller }) => growth.updateLesson(caller, input),
    lessonRetire: (input, { caller }) => growth.retireLesson(caller, input),
    settings: (_input, { caller }) => growth.settingsView(caller),
    saveSettings: (input, { caller }) => growth.saveSettings(caller, input),
    team: (input, { caller }) => growth.team(caller, input),
    person: ({ userId }, { caller }) => growth.person(caller, userId),
    lessonStatsList: (input, { caller }) => growth.lessonStatsList(caller, input),
    lessonStats: ({ lessonId }, { caller }) => growth.lessonStats(caller, lessonId),
    // --- practice & figures ---
    drillList: (_input, { caller }) => growth.drillList(caller),
    drillGet: (input, { caller }) => growth.drillGet(caller, input),
    drillSubmit: (input, { caller }) => growth.drillSubmit(caller, input),
    drillHistory: (input, { caller }) => growth.drillHistory(caller, input),
    myFigures: (input, { caller }) => growth.myFigures(caller, input),
    teamFigures: (input, { caller }) => growth.teamFigures(caller, input),
  },
  // Service figures read desk, complaints and follow-ups, which load the service desk's modules: its wiring.
  { access: [identity.access, growth.access], wiring: [wireServiceDesk] },
);
