/** An off-the-shelf Jira client (jira.js, not written here) drives the emulator over HTTP. */
import { Version3Client } from 'jira.js';
import { DEMO_PROJECT, EMAILS, ISSUE_TYPE_IDS } from '../../src/jira/seed';
import { adf, startEmulator, type RunningEmulator } from './helpers';

describe('jira.js Version3Client against the emulator', () => {
  let emu: RunningEmulator;
  let client: Version3Client;

  beforeAll(async () => {
    emu = await startEmulator();
    client = new Version3Client({ host: emu.url, authentication: { basic: { email: EMAILS.hankepaallikko, apiToken: 'whatever' } } });
  });
  afterAll(() => emu.close());

  it('finds DEMO, creates an epic and reads it back', async () => {
    const page = await client.projects.searchProjects({ keys: ['DEMO'] });
    const demo = page.values.find((p) => p.key === 'DEMO');
    expect(demo?.id).toBe(DEMO_PROJECT.id);
    expect(demo?.name).toBe('Käyttöönotto demo');

    const project = await client.projects.getProject({ projectIdOrKey: 'DEMO' });
    expect(project.issueTypes?.map((t) => t.name)).toEqual(['Epic', 'Task', 'Story', 'Sub-task', 'Bug']);

    const created = await client.issues.createIssue({
      fields: {
        project: { key: 'DEMO' },
        issuetype: { id: ISSUE_TYPE_IDS.epic },
        summary: 'Asiakasrekisterin käyttöönotto',
        description: adf('Käyttöönottovaihe'),
        labels: ['kayttoonotto'],
      },
    });
    expect(created.key).toBe('DEMO-1');
    expect(created.id).toBe('10001');

    const issue = await client.issues.getIssue({ issueIdOrKey: created.key });
    expect(issue.fields.summary).toBe('Asiakasrekisterin käyttöönotto');
    expect(issue.fields.issuetype?.name).toBe('Epic');
    expect(issue.fields.issuetype?.hierarchyLevel).toBe(1);
    expect(issue.fields.labels).toEqual(['kayttoonotto']);
    expect(issue.fields.status?.statusCategory?.key).toBe('new');
    expect(issue.fields.reporter?.accountId).toBe('sandbox-hankepaallikko');
    expect(issue.fields.description).toEqual(adf('Käyttöönottovaihe'));

    const me = await client.myself.getCurrentUser();
    expect(me.displayName).toBe('Hanna Hankepäällikkö');

    const found = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = DEMO AND issuetype = Epic',
      fields: ['summary'],
    });
    expect(found.issues?.map((i) => i.key)).toEqual(['DEMO-1']);
  });

  it('surfaces Jira error bodies through the client', async () => {
    await expect(
      client.issues.createIssue({ fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'orpo' } }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
