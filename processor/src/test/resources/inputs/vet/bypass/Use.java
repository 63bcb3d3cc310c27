package vet.bypass;

class Use {
  Service direct() {
    return new Service(); // expect: bypass
  }

  Typed typed() {
    return new Typed(); // expect: bypass
  }

  Typed.Nested nested() {
    return new Typed.Nested(); // expect: bypass
  }

  Service wrapped() {
    return new Ctx4j_Service();
  }

  Typed.Nested wrappedNested() {
    return new Ctx4j_Typed_Nested();
  }

  Service anonymousSubclass() {
    return new Service() {};
  }

  StringBuilder unrelated() {
    return new StringBuilder();
  }
}
