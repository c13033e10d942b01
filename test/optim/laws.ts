// The optimizer laws' predicates live with the other laws, in tygrad/laws (laws/optim/).
export * from "../../laws/optim/predicates.js";
