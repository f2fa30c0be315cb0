#include "tests/e2e/exchange_fixture.h"
