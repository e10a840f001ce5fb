// Every server-state cache key in one place, so realtime activities know what to update.
export const queryKeys = {
  me: ['me'] as const,
  myAssociations: ['associations', 'mine'] as const,
  directory: (q: string, city: string) => ['associations', 'directory', q, city] as const,
  association: (id: string) => ['associations', id] as const,
  members: (associationId: string) => ['associations', associationId, 'members'] as const,
  projects: ['projects'] as const,
  project: (id: string) => ['projects', id] as const,
  partners: (projectId: string) => ['projects', projectId, 'partners'] as const,
  projectMembers: (projectId: string) => ['projects', projectId, 'members'] as const,
  charter: (projectId: string) => ['projects', projectId, 'charter'] as const,
  tasks: (projectId: string) => ['projects', projectId, 'tasks'] as const,
  comments: (taskId: string) => ['tasks', taskId, 'comments'] as const,
  activity: (projectId: string) => ['projects', projectId, 'activity'] as const,
  messages: (projectId: string) => ['projects', projectId, 'messages'] as const,
};
