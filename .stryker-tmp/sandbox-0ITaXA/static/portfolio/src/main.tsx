// @ts-nocheck
import { createRoot } from 'react-dom/client';
import '../../common/styles.css';
import '../../common/portfolio.css';
import { App } from './App';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
