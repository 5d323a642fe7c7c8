/** Entry: reads the URL, starts the training worker, renders the page. */
import { render } from 'preact';
import { App } from './ui/App.js';
import { startController } from './ui/controller.js';
import './ui/styles.css';

startController();
render(<App />, document.getElementById('app') as HTMLElement);
