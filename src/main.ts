import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
const app = new App();
const chart = new Chart(app, 'demo');
new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
app.synth();
