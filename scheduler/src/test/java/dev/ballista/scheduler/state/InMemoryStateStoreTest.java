package dev.ballista.scheduler.state;

class InMemoryStateStoreTest extends StateStoreContract {
  private StateStore store;

  @Override
  StateStore store() {
    store = new InMemoryStateStore();
    return store;
  }

  @Override
  StateStore sameStateFromAnotherClient() {
    return store;
  }
}
