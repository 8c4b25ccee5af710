import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';

/** Embedded with a prefix (`primary_contact_*`, `support_contact_*`). */
@ObjectType('Contact', { description: 'A person or desk to contact.', simpleResolvers: true })
export class Contact {
  @Field(() => String, {
    nullable: true,
    description: 'Full name of the person, or the name of the desk.',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Email address.' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number in international format.' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;
}
