// Webview entry: connect to the host and start the results panel.
import { PanelApp } from './view/app';
import { connectToHost } from './vscodeApi';

const root = document.getElementById('app');
if (root) new PanelApp(root, connectToHost()).start();
