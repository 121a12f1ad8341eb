Component({ properties: { label: String }, lifetimes: { attached: function () { throw new Error('attached blew up'); } } });
