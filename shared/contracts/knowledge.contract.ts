import './contract';

/**
 * knowledge — the knowledge base (知识库: answers owners search before asking and agents search while
 * answering) and the 话术 library (service scripts shown in context on the desk's pages).
 */
export const knowledgeContract = {
  // --- articles ---
  // --- scripts ---
};
