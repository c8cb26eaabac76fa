// How every suite and benchmark launches headless Chromium: flags that keep it from doing
// background work (updates, sync, networking) that would slow or disturb a measured run.
export const chromiumArgs = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
