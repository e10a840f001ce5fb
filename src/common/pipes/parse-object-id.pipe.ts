import { Injectable, PipeTransform } from '@nestjs/common';
import { isValidObjectId } from 'mongoose';
import { notFound } from '../errors/problem.exception';

/** A path id that cannot exist answers 404 like any other unknown id. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !/^[0-9a-f]{24}$/i.test(value) || !isValidObjectId(value)) throw notFound();
    return value;
  }
}
