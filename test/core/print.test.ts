// printProgram: the four stages a teacher shows side by side (f, its jvp, its linearization,
// its transpose) for two functions, as inline snapshots. Read them as derivations: the comments
// say what to check in each.
import { describe, expect, it } from "vitest";
import { makeJvpProgram, makeLinearProgram, makeProgram, makeTransposeProgram } from "../../src/ad/programs.js";
import { printProgram, varName } from "../../src/core/print.js";
import { mlpArgs, mlpLoss, sinArgs, sinTimes } from "./fixtures.js";

describe("printProgram: Σ sin(x)·y", () => {
  it("f", () => {
    expect(printProgram(makeProgram(sinTimes)(...sinArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] b:f32[3] .
        let c:f32[3] = sin a
            d:f32[3] = mul c b
            e:f32[] = reduceSum[axes=[0]] d
        in ( e ) }"
    `);
  });
  it("jvp: the primal and tangent computations interleaved (d sin = cos · dx, product rule)", () => {
    expect(printProgram(makeJvpProgram(sinTimes)(...sinArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] b:f32[3] c:f32[3] d:f32[3] .
        let e:f32[3] = sin a
            f:f32[3] = cos a
            g:f32[3] = mul c f
            h:f32[3] = mul e b
            i:f32[3] = mul g b
            j:f32[3] = mul e d
            k:f32[3] = add i j
            l:f32[] = reduceSum[axes=[0]] h
            m:f32[] = reduceSum[axes=[0]] k
        in ( l m ) }"
    `);
  });
  it("linearization: only tangent inputs; cos x, y and sin x are residual consts", () => {
    expect(printProgram(makeLinearProgram(sinTimes)(...sinArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] b:f32[3] ; c:f32[3] d:f32[3] e:f32[3] .
        let f:f32[3] = mul a c
            g:f32[3] = mul f d
            h:f32[3] = mul e b
            i:f32[3] = add g h
            j:f32[] = reduceSum[axes=[0]] i
        in ( j ) }"
    `);
  });
  it("transpose: the scalar cotangent in, one cotangent per input out", () => {
    expect(printProgram(makeTransposeProgram(sinTimes)(...sinArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[] ; b:f32[3] c:f32[3] d:f32[3] .
        let e:f32[1] = reshape[shape=[1]] a
            f:f32[3] = broadcast[shape=[3]] e
            g:f32[3] = mul b f
            h:f32[3] = mul f c
            i:f32[3] = mul h d
        in ( i g ) }"
    `);
  });
});

describe("printProgram: MLP softmax cross-entropy", () => {
  it("f", () => {
    expect(printProgram(makeProgram(mlpLoss)(...mlpArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[5] b:f32[3] c:f32[4,5] d:f32[5,3] e:f32[2,4] f:f32[2,3] .
        let g:f32[2,5] = dot[transposeA=false transposeB=false] e c
            h:f32[2,5] = broadcast[shape=[2,5]] a
            i:f32[2,5] = add g h
            j:f32[2,5] = broadcast[shape=[2,5]] 0.0
            k:bool[2,5] = compare[op=gt] i j
            l:f32[2,5] = broadcast[shape=[2,5]] 0.0
            m:f32[2,5] = select k i l
            n:f32[2,3] = dot[transposeA=false transposeB=false] m d
            o:f32[2,3] = broadcast[shape=[2,3]] b
            p:f32[2,3] = add n o
            q:f32[2] = reduceMax[axes=[1]] p
            r:f32[2] = stopGradient q
            s:f32[2] = broadcast[shape=[2]] 0.0
            t:bool[2] = compare[op=lt] r s
            u:f32[2] = neg r
            v:f32[2] = select t u r
            w:f32[2] = broadcast[shape=[2]] Infinity
            x:bool[2] = compare[op=eq] v w
            y:f32[2] = broadcast[shape=[2]] 0.0
            z:f32[2] = select x y r
            ba:f32[2,1] = reshape[shape=[2,1]] z
            bb:f32[2,3] = broadcast[shape=[2,3]] ba
            bc:f32[2,3] = sub p bb
            bd:f32[2,3] = exp bc
            be:f32[2] = reduceSum[axes=[1]] bd
            bf:f32[2] = log be
            bg:f32[2] = add bf z
            bh:f32[2,1] = reshape[shape=[2,1]] bg
            bi:f32[2,3] = broadcast[shape=[2,3]] bh
            bj:f32[2,3] = sub p bi
            bk:f32[2,3] = mul f bj
            bl:f32[2] = reduceSum[axes=[1]] bk
            bm:f32[2] = neg bl
            bn:f32[] = reduceSum[axes=[0]] bm
            bo:f32[] = mul bn 0.5
        in ( bo ) }"
    `);
  });
  it("jvp", () => {
    expect(printProgram(makeJvpProgram(mlpLoss)(...mlpArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[5] b:f32[3] c:f32[4,5] d:f32[5,3] e:f32[2,4] f:f32[2,3] g:f32[5] h:f32[3] i:f32[4,5] j:f32[5,3] k:f32[2,4] l:f32[2,3] .
        let m:f32[2,5] = dot[transposeA=false transposeB=false] e c
            n:f32[2,5] = dot[transposeA=false transposeB=false] k c
            o:f32[2,5] = dot[transposeA=false transposeB=false] e i
            p:f32[2,5] = add n o
            q:f32[2,5] = broadcast[shape=[2,5]] a
            r:f32[2,5] = broadcast[shape=[2,5]] g
            s:f32[2,5] = add m q
            t:f32[2,5] = add p r
            u:f32[2,5] = broadcast[shape=[2,5]] 0.0
            v:bool[2,5] = compare[op=gt] s u
            w:f32[2,5] = broadcast[shape=[2,5]] 0.0
            x:f32[2,5] = select v s w
            y:f32[2,5] = broadcast[shape=[2,5]] 0.0
            z:f32[2,5] = select v t y
            ba:f32[2,3] = dot[transposeA=false transposeB=false] x d
            bb:f32[2,3] = dot[transposeA=false transposeB=false] z d
            bc:f32[2,3] = dot[transposeA=false transposeB=false] x j
            bd:f32[2,3] = add bb bc
            be:f32[2,3] = broadcast[shape=[2,3]] b
            bf:f32[2,3] = broadcast[shape=[2,3]] h
            bg:f32[2,3] = add ba be
            bh:f32[2,3] = add bd bf
            bi:f32[2] = reduceMax[axes=[1]] bg
            bj:f32[2,1] = reshape[shape=[2,1]] bi
            bk:f32[2,3] = broadcast[shape=[2,3]] bj
            bl:bool[2,3] = compare[op=eq] bg bk
            bm:f32[2,3] = convert[dtype=float32] bl
            bn:f32[2,3] = mul bh bm
            bo:f32[2] = reduceSum[axes=[1]] bn
            bp:f32[2] = reduceSum[axes=[1]] bm
            bq:f32[2] = div bo bp
            br:f32[2] = stopGradient bi
            bs:f32[2] = broadcast[shape=[2]] 0.0
            bt:bool[2] = compare[op=lt] br bs
            bu:f32[2] = neg br
            bv:f32[2] = select bt bu br
            bw:f32[2] = broadcast[shape=[2]] Infinity
            bx:bool[2] = compare[op=eq] bv bw
            by:f32[2] = broadcast[shape=[2]] 0.0
            bz:f32[2] = select bx by br
            ca:f32[2,1] = reshape[shape=[2,1]] bz
            cb:f32[2,3] = broadcast[shape=[2,3]] ca
            cc:f32[2,3] = sub bg cb
            cd:f32[2,3] = broadcast[shape=[2,3]] 0.0
            ce:f32[2,3] = sub bh cd
            cf:f32[2,3] = exp cc
            cg:f32[2,3] = mul ce cf
            ch:f32[2] = reduceSum[axes=[1]] cf
            ci:f32[2] = reduceSum[axes=[1]] cg
            cj:f32[2] = log ch
            ck:f32[2] = broadcast[shape=[2]] 1.0
            cl:f32[2] = div ck ch
            cm:f32[2] = mul ci cl
            cn:f32[2] = add cj bz
            co:f32[2] = broadcast[shape=[2]] 0.0
            cp:f32[2] = add cm co
            cq:f32[2,1] = reshape[shape=[2,1]] cn
            cr:f32[2,1] = reshape[shape=[2,1]] cp
            cs:f32[2,3] = broadcast[shape=[2,3]] cq
            ct:f32[2,3] = broadcast[shape=[2,3]] cr
            cu:f32[2,3] = sub bg cs
            cv:f32[2,3] = sub bh ct
            cw:f32[2,3] = mul f cu
            cx:f32[2,3] = mul l cu
            cy:f32[2,3] = mul f cv
            cz:f32[2,3] = add cx cy
            da:f32[2] = reduceSum[axes=[1]] cw
            db:f32[2] = reduceSum[axes=[1]] cz
            dc:f32[2] = neg da
            dd:f32[2] = neg db
            de:f32[] = reduceSum[axes=[0]] dc
            df:f32[] = reduceSum[axes=[0]] dd
            dg:f32[] = mul de 0.5
            dh:f32[] = mul df 0.5
        in ( dg dh ) }"
    `);
  });
  it("linearization", () => {
    expect(printProgram(makeLinearProgram(mlpLoss)(...mlpArgs))).toMatchInlineSnapshot(`
      "{ lambda a:f32[5] b:f32[3] c:f32[4,5] d:f32[5,3] e:f32[2,4] f:f32[2,3] ; g:f32[2,3] h:f32[2,3] i:bool[2,5] j:f32[4,5] k:f32[2,4] l:f32[2,5] m:f32[5,3] n:f32[2,5] o:f32[2,3] p:f32[2,3] q:f32[2] r:f32[2] .
        let s:f32[2,3] = mul f g
            t:f32[2,5] = dot[transposeA=false transposeB=false] e j
            u:f32[2,5] = dot[transposeA=false transposeB=false] k c
            v:f32[2,5] = add t u
            w:f32[2,5] = broadcast[shape=[2,5]] a
            x:f32[2,5] = add v w
            y:f32[2,5] = select i x l
            z:f32[2,3] = dot[transposeA=false transposeB=false] y m
            ba:f32[2,3] = dot[transposeA=false transposeB=false] n d
            bb:f32[2,3] = add z ba
            bc:f32[2,3] = broadcast[shape=[2,3]] b
            bd:f32[2,3] = add bb bc
            be:f32[2,3] = sub bd o
            bf:f32[2,3] = mul be p
            bg:f32[2] = reduceSum[axes=[1]] bf
            bh:f32[2] = mul bg q
            bi:f32[2] = add bh r
            bj:f32[2,1] = reshape[shape=[2,1]] bi
            bk:f32[2,3] = broadcast[shape=[2,3]] bj
            bl:f32[2,3] = sub bd bk
            bm:f32[2,3] = mul h bl
            bn:f32[2,3] = add s bm
            bo:f32[2] = reduceSum[axes=[1]] bn
            bp:f32[2] = neg bo
            bq:f32[] = reduceSum[axes=[0]] bp
            br:f32[] = mul bq 0.5
        in ( br ) }"
    `);
  });
  it("transpose: dot with transposed operands, relu's mask as a select, no nonlinear primitive", () => {
    const text = printProgram(makeTransposeProgram(mlpLoss)(...mlpArgs));
    expect(text).not.toMatch(/= (exp|log|reduceMax|compare) /);
    expect(text).toMatchInlineSnapshot(`
      "{ lambda a:f32[] ; b:f32[2,3] c:f32[2] d:f32[2,3] e:f32[2,5] f:f32[5,3] g:bool[2,5] h:f32[2,4] i:f32[4,5] j:f32[2,3] .
        let k:f32[] = mul a 0.5
            l:f32[1] = reshape[shape=[1]] k
            m:f32[2] = broadcast[shape=[2]] l
            n:f32[2] = neg m
            o:f32[2,1] = reshape[shape=[2,1]] n
            p:f32[2,3] = broadcast[shape=[2,3]] o
            q:f32[2,3] = mul b p
            r:f32[2,3] = neg q
            s:f32[2] = reduceSum[axes=[1]] r
            t:f32[2,1] = reshape[shape=[2,1]] s
            u:f32[2] = reshape[shape=[2]] t
            v:f32[2] = mul u c
            w:f32[2,1] = reshape[shape=[2,1]] v
            x:f32[2,3] = broadcast[shape=[2,3]] w
            y:f32[2,3] = mul x d
            z:f32[2,3] = add q y
            ba:f32[3] = reduceSum[axes=[0]] z
            bb:f32[5,3] = dot[transposeA=true transposeB=false] e z
            bc:f32[2,5] = dot[transposeA=false transposeB=true] z f
            bd:f32[2,5] = broadcast[shape=[2,5]] 0.0
            be:f32[2,5] = select g bc bd
            bf:f32[5] = reduceSum[axes=[0]] be
            bg:f32[4,5] = dot[transposeA=true transposeB=false] h be
            bh:f32[2,4] = dot[transposeA=false transposeB=true] be i
            bi:f32[2,3] = mul p j
        in ( bf ba bg bb bh bi ) }"
    `);
  });
});

describe("printing conventions", () => {
  it("names variables a…z, then ba, bb, … in order of definition", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 676].map(varName)).toEqual(["a", "b", "z", "ba", "bb", "bz", "ca", "baa"]);
  });
  it("prints the same program the same way every time", () => {
    const p = makeProgram(mlpLoss)(...mlpArgs);
    expect(printProgram(p)).toBe(printProgram(p));
    expect(printProgram(makeProgram(mlpLoss)(...mlpArgs))).toBe(printProgram(p));
  });
});
