// The example app: `npm run synth` (cdk8s synth) turns it into dist/.
import { App } from 'cdk8s';
import { ArgoCd } from './argocd';
import { TeamChart, WebChart } from './example-charts';

const app = new App();
new WebChart(app, 'web');
new TeamChart(app, 'team-a');
ArgoCd.warnings(app).forEach((w) => console.warn(`warning: ${w}`));
app.synth();
