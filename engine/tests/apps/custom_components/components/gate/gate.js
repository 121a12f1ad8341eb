Component({ properties: { a: Boolean, b: Boolean } });
