import type { TemplateKey, TemplateSetting } from './wechat/template-registry';

/**
 * The demo's WeChat settings: made up, understood only by the fake WeChat server. `npm start`, the
 * tests and any development run use them for whatever is not configured; a production configuration
 * (NODE_ENV=production) never does — there each missing setting is a ConfigError, and each of these
 * values given explicitly is one too (`npm run check:deploy` lists them the same way).
 */
export const DEMO_WECHAT = {
  WECHAT_APPID: 'wx_demo_appid',
  WECHAT_SECRET: 'demo_secret',
  WECHAT_OA_APPID: 'wx_demo_oa_appid',
  WECHAT_OA_SECRET: 'demo_oa_secret',
} as const;

/** The app id WeChat DevTools uses for a project without one (the demo's project.config.json). */
export const TOURIST_APPID = 'touristappid';

/** Made-up template ids and keyword numbers, shaped like WeChat's (43-character ids). */
export const DEMO_TEMPLATES: Record<TemplateKey, TemplateSetting> = {
  'repair.progress': {
    templateId: 'Rp7mK2xQ9vLcT4nB8dWfZ1sYhE3uGj6aN0oPqXkV5tM',
    keywords: { orderNo: 'character_string1', title: 'thing2', status: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_rP3kV8nQm2TzX5cL7wB9yD1fH4jG6sA0eU2iOqRtY' },
  },
  'repair.assigned': {
    templateId: 'Nw3cH8tR5yUiO2pA7sDfG9hJkL4zXcV6bNmQ1wE0rTy',
    keywords: { orderNo: 'character_string1', location: 'thing2', title: 'thing3', contact: 'name4', time: 'time5' },
    oa: { templateId: 'OA_nW5tY8uI2oP4aS6dF9gH1jK3lZ7xC0vB5nM8qW2e' },
  },
  'repair.alert': {
    templateId: 'Ra4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3t',
    keywords: { orderNo: 'character_string1', title: 'thing2', kind: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_rA7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eR3tY' },
  },
  'fee.reminder': {
    templateId: 'Fe9bL4mN7kJ2hG5fD8sA1pO6iU3yT0rEwQzXcVbNmKl',
    keywords: { item: 'thing1', amount: 'amount2', dueDate: 'date3', unit: 'thing4', remark: 'thing5' },
    oa: { templateId: 'OA_fE2nM5bV8cX1zL4kJ7hG0fD3sA6pO9iU2yT5rEwQ' },
  },
  'fee.overdue': {
    templateId: 'Od5xC2vB9nM6qW3eR0tY7uI4oP1aS8dF5gH2jK9lZ6x',
    keywords: { item: 'thing1', amount: 'amount2', unit: 'thing3', servicePhone: 'phone_number4', remark: 'thing5' },
    oa: { templateId: 'OA_oD8cV1bN4mQ7wE0rT3yU6iO9pA2sD5fG8hJ1kL4z' },
  },
  'fee.invoice': {
    templateId: 'Iv7bN0mQ3wE6rT9yU2iO5pA8sD1fG4hJ7kL0zX3cV6b',
    keywords: { title: 'thing1', amount: 'amount2', result: 'phrase3', invoiceNo: 'character_string4', remark: 'thing5', time: 'time6' },
    oa: { templateId: 'OA_iV0mQ3wE6rT9yU2iO5pA8sD1fG4hJ7kL0zX3cV6bN' },
  },
  'parking.expiring': {
    templateId: 'Pk1zA4sD7fG0hJ3kL6zX9cV2bN5mQ8wE1rT4yU7iO0p',
    keywords: { space: 'thing1', unit: 'thing2', dueDate: 'date3', remark: 'thing4' },
    oa: { templateId: 'OA_pK4aS7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0o' },
  },
  'notice.published': {
    templateId: 'Nt6yU9iO2pA5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5y',
    keywords: { title: 'thing1', publisher: 'thing2', time: 'time3', summary: 'thing4' },
    oa: { templateId: 'OA_nT9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9qW2eR5t' },
  },
  'notice.emergency': {
    templateId: 'Ne3rT6yU9iO2pA5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2r',
    keywords: { title: 'thing1', publisher: 'thing2', time: 'time3', summary: 'thing4' },
    oa: { templateId: 'OA_nE6tY9uI2oP5aS8dF1gH4jK7lZ0xC3vB6nM9qW2eR' },
  },
  'complaint.reply': {
    templateId: 'Cp8oP1aS4dF7gH0jK3lZ6xC9vB2nM5qW8eR1tY4uI7o',
    keywords: { caseNo: 'character_string1', title: 'thing2', result: 'phrase3', reply: 'thing4', time: 'time5' },
    oa: { templateId: 'OA_cP1aS4dF7gH0jK3lZ6xC9vB2nM5qW8eR1tY4uI7oP' },
  },
  'complaint.alert': {
    templateId: 'Ca5sD8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5yU8iO1pA4s',
    keywords: { caseNo: 'character_string1', title: 'thing2', kind: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_aC8fG1hJ4kL7zX0cV3bN6mQ9wE2rT5yU8iO1pA4sD' },
  },
  'inquiry.reply': {
    templateId: 'Iq4wE7rT0yU3iO6pA9sD2fG5hJ8kL1zX4cV7bN0mQ3w',
    keywords: { inquiryNo: 'character_string1', title: 'thing2', result: 'phrase3', reply: 'thing4', time: 'time5' },
    oa: { templateId: 'OA_qI7rT0yU3iO6pA9sD2fG5hJ8kL1zX4cV7bN0mQ3wE' },
  },
  'inquiry.alert': {
    templateId: 'Ia2sD5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1s',
    keywords: { inquiryNo: 'character_string1', title: 'thing2', kind: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_aI5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1sD' },
  },
  'sentiment.alert': {
    templateId: 'Sa7dF0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6d',
    keywords: { group: 'thing1', topic: 'thing2', level: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_sA0gH3jK6lZ9xC2vB5nM8qW1eR4tY7uI0oP3aS6dF' },
  },
  'binding.result': {
    templateId: 'Bd2sD5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1s',
    keywords: { unit: 'thing1', applicant: 'name2', result: 'phrase3', reason: 'thing4', time: 'time5' },
    oa: { templateId: 'OA_bD5fG8hJ1kL4zX7cV0bN3mQ6wE9rT2yU5iO8pA1sD' },
  },
  'movein.done': {
    templateId: 'Mv4nD7eQ2wR5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5n',
    keywords: { unit: 'thing1', owner: 'name2', status: 'phrase3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_mV7eQ2wR5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5nM' },
  },
  'movein.reminder': {
    templateId: 'Mr8kT1yU4iO7pA0sD3fG6hJ9kL2zX5cV8bN1mQ4wE7r',
    keywords: { unit: 'thing1', time: 'time2', slot: 'thing3', place: 'thing4', remark: 'thing5' },
    oa: { templateId: 'OA_rM1yU4iO7pA0sD3fG6hJ9kL2zX5cV8bN1mQ4wE7rT' },
  },
  'renovation.progress': {
    templateId: 'Rn3vP6aQ9sW2eD5rF8tG1yH4uJ7iK0oL3pZ6xC9vB2n',
    keywords: { unit: 'thing1', status: 'phrase2', time: 'time3', remark: 'thing4' },
    oa: { templateId: 'OA_nR6aQ9sW2eD5rF8tG1yH4uJ7iK0oL3pZ6xC9vB2nM' },
  },
  'activity.signup': {
    templateId: 'Ac5sG8nU1pT4yE7rQ0wZ3xC6vB9nM2kL5jH8gF1dS4a',
    keywords: { activity: 'thing1', status: 'phrase2', time: 'time3', remark: 'thing4' },
    oa: { templateId: 'OA_cA8nU1pT4yE7rQ0wZ3xC6vB9nM2kL5jH8gF1dS4aP' },
  },
  'activity.reminder': {
    templateId: 'Ar2mD5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5nM8qW1e',
    keywords: { activity: 'thing1', time: 'time2', place: 'thing3', remark: 'thing4' },
    oa: { templateId: 'OA_rA5tY8uI1oP4aS7dF0gH3jK6lZ9xC2vB5nM8qW1eR' },
  },
  'renovation.acceptance': {
    templateId: 'Ra3cP6tQ9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2b',
    keywords: { unit: 'thing1', result: 'phrase2', detail: 'thing3', time: 'time4' },
    oa: { templateId: 'OA_aR6tQ9wE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN' },
  },
  'renovation.deposit': {
    templateId: 'Rd5pS8tY1uI4oP7aS0dF3gH6jK9lZ2xC5vB8nM1qW4e',
    keywords: { unit: 'thing1', deposit: 'amount2', deducted: 'amount3', refund: 'amount4', reason: 'thing5', time: 'time6' },
    oa: { templateId: 'OA_dR8tY1uI4oP7aS0dF3gH6jK9lZ2xC5vB8nM1qW4eR' },
  },
  'renovation.rectify': {
    templateId: 'Rz7gT2yU5iO8pA1sD4fG7hJ0kL3zX6cV9bN2mQ5wE8r',
    keywords: { unit: 'thing1', items: 'thing2', deadline: 'date3', notice: 'character_string4' },
    oa: { templateId: 'OA_zR2yU5iO8pA1sD4fG7hJ0kL3zX6cV9bN2mQ5wE8rT' },
  },
  'renovation.suspend': {
    templateId: 'Rs9tP4aQ7sW0eD3rF6tG9yH2uJ5iK8oL1pZ4xC7vB0n',
    keywords: { unit: 'thing1', status: 'phrase2', reason: 'thing3', time: 'time4' },
    oa: { templateId: 'OA_sR4aQ7sW0eD3rF6tG9yH2uJ5iK8oL1pZ4xC7vB0nM' },
  },
  'board.check': {
    templateId: 'Bc4kW7eR0tY3uI6oP9aS2dF5gH8jK1lZ4xC7vB0nM3q',
    keywords: { task: 'thing1', expired: 'number2', empty: 'number3', time: 'time4', remark: 'thing5' },
    oa: { templateId: 'OA_bC4kW7eR0tY3uI6oP9aS2dF5gH8jK1lZ4xC7vB0nM' },
  },
  'archive.due': {
    templateId: 'Ad7uE2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN5mQ8w',
    keywords: { item: 'thing1', kind: 'phrase2', due: 'date3', left: 'thing4', remark: 'thing5' },
    oa: { templateId: 'OA_dA2rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN5mQ8wE' },
  },
};

/** Every made-up template id (subscribe and official account). */
export const DEMO_TEMPLATE_IDS: ReadonlySet<string> = new Set(Object.values(DEMO_TEMPLATES).flatMap((t) => [t.templateId, t.oa.templateId]));
