import { COURSES, QUESTION_KINDS } from '@shared/domain/growth';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A lesson of a community's own (本小区课程), written by a manager in the shape of the built-in ones:
 * sections of paragraphs and key points, a quiz with the right answers, a pass mark. Made once per
 * request (createOnce, `_id` from `lesson:<manager>:<request id>`); an edit bumps `version` (the
 * question figures count attempts of the current version only); retired, it leaves the lists and its
 * quiz refuses attempts, while the progress made on it stays.
 */
const lessonSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    course: { type: String, enum: COURSES, required: true },
    title: { type: String, required: true },
    minutes: { type: Number, required: true },
    summary: { type: String, default: '' },
    sections: {
      type: [{ heading: String, paragraphs: [String], points: [String], _id: false }],
      default: [],
    },
    questions: {
      type: [{ kind: { type: String, enum: QUESTION_KINDS }, text: String, options: [String], answer: [Number], explain: String, _id: false }],
      default: [],
    },
    passMark: { type: Number, required: true },
    status: { type: String, enum: ['active', 'retired'], required: true, default: 'active' },
    version: { type: Number, required: true, default: 1 },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'growth_lessons' },
);
lessonSchema.index({ communityId: 1, status: 1, createdAt: -1 });

export const CustomLesson = model('GrowthLesson', lessonSchema);
export type CustomLessonDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof lessonSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
