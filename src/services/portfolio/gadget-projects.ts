/**
 * The gadget's edit view lists the projects the viewer may browse (read as them), so that projects are
 * chosen from a list rather than typed. Only keys and names: the gadget keeps the keys it is given.
 */
import { browsableProjects } from '../../jira/client';
import type { Caller } from '../phase/context';

export async function listGadgetProjects(
  caller: Caller,
  query: string | undefined,
): Promise<{ projects: { key: string; name: string }[] }> {
  void caller;
  const projects = await browsableProjects('user', (query ?? '').trim());
  return { projects: projects.map((p) => ({ key: p.key, name: p.name })) };
}
