import { render } from 'preact';

function App() {
  return <h1>telemeter</h1>;
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
