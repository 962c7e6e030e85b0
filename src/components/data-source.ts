/** <cifar-data-source>: reads the reader's cifar-10-binary.tar.gz, verifies it and switches the page's figures to it. */
import { useArchive } from '../client/cifar.ts';
import { FigureStatus } from './cifar-figure.ts';
import { part } from './near.ts';

class DataSourceElement extends HTMLElement {
  connectedCallback(): void {
    const input = part<HTMLInputElement>(this, '[data-file]');
    const status = new FigureStatus(this);
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      try {
        status.say(`Reading ${file.name} and checking its md5s…`);
        await useArchive(file);
        status.say(`${file.name}: all six md5s match. The figures now use your copy.`);
        this.dataset.ready = 'true';
      } catch (e) {
        status.fail(e);
        this.dataset.ready = 'error';
      }
    });
  }
}

if (!customElements.get('cifar-data-source')) customElements.define('cifar-data-source', DataSourceElement);
